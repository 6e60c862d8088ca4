package io.wabridge.bridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.wabridge.bridge.e2e.SimulatedServer;
import io.wabridge.bridge.e2e.SimulatorResource;
import io.wabridge.bridge.e2e.SimulatorResource.InjectSimulator;
import io.wabridge.bridge.security.SecuredProfile;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser: headless Chromium from Debian's packages, driven through the system
 * chromedriver (Selenium Manager is never used). One operator's session end to end: sign in (a wrong password
 * first), link an account by having the simulator's phone scan the QR decoded from the rendered image, see it OPEN
 * in the session table, send a message the contact receives, see the contact's reply arrive live, log the account
 * out (with confirmation), see the page report Kafka down and recover, sign out. Screenshots of each step go to
 * {@code target/console-screenshots/}; labels, contrast and keyboard use are checked on the way.
 * Needs {@code chromium} and {@code chromium-driver} (.ci/run installs them).
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(EmbeddedInfraResource.class)
@WithTestResource(SimulatorResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final String SESSION = "console-1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/console")
    URL console;

    @InjectSimulator
    SimulatedServer simulator;

    @InjectEmbeddedInfra
    EmbeddedInfra infra;

    private ChromeDriverService service;
    private WebDriver driver;
    private Path profile;
    private int shot;

    @BeforeAll
    void startChromium() throws IOException {
        File chromedriver = new File(System.getProperty("wabridge.chromedriver", "/usr/bin/chromedriver"));
        String chromium = System.getProperty("wabridge.chromium", "/usr/bin/chromium");
        assertTrue(chromedriver.canExecute() && new File(chromium).canExecute(), "the browser test needs Debian's"
                + " chromium and chromium-driver: apt-get install -y chromium chromium-driver (.ci/run does)");
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("wabridge-chromium-");
        service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,1100", "--user-data-dir=" + profile);
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    void stopChromium() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anOperatorLinksAnAccountSendsAndReceivesAndLogsItOut() throws Exception {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);

        // sign in, by keyboard: a wrong password first (no hint which part was wrong), then the right one
        driver.get(console.toString());
        wait.until(ExpectedConditions.urlContains("/console/login"));
        checkAccessibility();
        screenshot("sign-in");
        signIn(SecuredProfile.USER, "not the password");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Sign-in failed."));
        screenshot("sign-in-failed");
        signIn(SecuredProfile.USER, SecuredProfile.PASSWORD);
        wait.until(ExpectedConditions.urlMatches(".*/console$"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in as operator"));
        checkAccessibility();
        driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertEquals("Skip to content", driver.switchTo().activeElement().getText(), "the first Tab reaches the skip link");

        // link an account by QR: the page shows the command id, then the QR codes as they rotate
        driver.findElement(By.id("link-session")).sendKeys(SESSION);
        screenshot("link-form");
        driver.findElement(By.id("link-submit")).click();
        wait.until(ExpectedConditions.urlContains("/console/sessions/" + SESSION));
        WebElement commandRow = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#commands tbody tr")));
        assertTrue(commandRow.getAttribute("data-command-id").startsWith("console-"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#qr svg")));
        wait.until(d -> "ok".equals(result("connect")));
        checkAccessibility();
        screenshot("qr");
        String payload = decodeShownQr();
        assertEquals(5, payload.split(",").length, "ref,noise,identity,adv,platform: " + payload);
        simulator.account(SimulatedServer.QR_PHONE).phone().scanQr(payload).get(15, TimeUnit.SECONDS);
        wait.until(d -> "OPEN".equals(d.findElement(By.id("state")).getAttribute("data-state")));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("pairing")));
        assertEquals("", driver.findElement(By.id("qr")).getAttribute("data-qr"), "no QR code kept once linked");
        assertEquals(0, driver.findElements(By.cssSelector("#qr svg")).size());
        screenshot("open");

        // the session table (from the views) lists it OPEN with its account
        driver.get(console.toString());
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#sessions tr[data-session='" + SESSION + "']")));
        wait.until(d -> row.getText().contains("OPEN") && row.getText().contains(SimulatedServer.QR_PHONE));
        screenshot("sessions");

        // send a test message: the contact receives it and the page shows the command's ok result
        row.findElement(By.tagName("a")).click();
        wait.until(d -> "OPEN".equals(d.findElement(By.id("state")).getAttribute("data-state")));
        SimulatedContact contact = simulator.contact();
        WebElement to = driver.findElement(By.id("send-to"));
        to.sendKeys("+" + SimulatedServer.CONTACT_PHONE);
        WebElement text = driver.findElement(By.id("send-text"));
        text.clear();
        text.sendKeys("hello from the console", Keys.ENTER);
        wait.until(d -> "ok".equals(result("send_message")));
        ContactMessage received = contact.awaitMessage(Duration.ofSeconds(15));
        assertNotNull(received, "the contact received the message");
        assertEquals("hello from the console", received.text());
        screenshot("sent");

        // the contact answers: the message appears in the live event stream
        contact.sendText(Jid.parse(SimulatedServer.QR_PHONE + "@s.whatsapp.net"), "hello operator");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "hello operator"));
        screenshot("inbound");

        // log out, after confirming
        driver.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.alertIsPresent());
        assertTrue(driver.switchTo().alert().getText().contains("Log out session " + SESSION));
        driver.switchTo().alert().accept();
        wait.until(d -> "ok".equals(result("logout")));
        wait.until(d -> "LOGGED_OUT".equals(d.findElement(By.id("state")).getAttribute("data-state")));
        screenshot("logged-out");

        // Kafka down: the page says so (instead of hanging), an action fails fast; then it recovers
        infra.kafka().stop();
        try {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"), "Kafka is not answering"));
            driver.findElement(By.id("disconnect")).click();
            wait.until(ExpectedConditions.alertIsPresent());
            driver.switchTo().alert().accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"), "Kafka did not take the command"));
            screenshot("kafka-down");
        } finally {
            infra.kafka().start();
        }
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.findElement(By.id("banner")).getAttribute("hidden") != null);

        // sign out: the console needs a sign-in again
        driver.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.urlContains("/console/login"));
        driver.get(console.toString());
        wait.until(ExpectedConditions.urlContains("/console/login"));
        screenshot("signed-out");
    }

    private void signIn(String user, String password) {
        WebElement name = driver.switchTo().activeElement();
        assertEquals("username", name.getAttribute("id"), "the sign-in form starts with the focus on the user name");
        name.sendKeys(user, Keys.TAB);
        WebElement secret = driver.switchTo().activeElement();
        assertEquals("password", secret.getAttribute("id"), "Tab moves from the user name to the password");
        secret.sendKeys(password, Keys.ENTER);
    }

    /** The result text of the latest command with this action, or null. */
    private String result(String action) {
        for (WebElement row : driver.findElements(By.cssSelector("#commands tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            if (cells.size() == 3 && cells.get(1).getText().startsWith(action)) {
                return cells.get(2).getAttribute("data-result");
            }
        }
        return null;
    }

    /** Decodes the QR image as rendered by the browser (ZXing) and checks it is the one the page says it shows. */
    private String decodeShownQr() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            WebElement qr = driver.findElement(By.id("qr"));
            String before = qr.getAttribute("data-qr");
            byte[] png = qr.findElement(By.tagName("svg")).getScreenshotAs(OutputType.BYTES);
            String after = qr.getAttribute("data-qr");
            if (!before.equals(after)) {
                continue; // the code rotated while the picture was taken
            }
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
            assertEquals(after, decoded, "the rendered QR code carries the payload the page names");
            return decoded;
        }
        throw new AssertionError("the QR code kept rotating");
    }

    /**
     * Accessibility basics on the current page: a language, every form control labelled, every image named, and
     * text contrast of at least 4.5:1 (WCAG AA) for the visible text elements.
     */
    @SuppressWarnings("unchecked")
    private void checkAccessibility() {
        Map<String, Object> report = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("""
                const problems = [];
                if (!document.documentElement.lang) problems.push('no lang on <html>');
                for (const c of document.querySelectorAll('input, select, textarea')) {
                  if (c.type === 'hidden') continue;
                  if (!(c.labels && c.labels.length) && !c.getAttribute('aria-label')) problems.push('unlabelled ' + (c.id || c.name));
                }
                for (const i of document.querySelectorAll('img, svg')) {
                  if (i.tagName === 'IMG' ? !i.alt : !(i.getAttribute('aria-label') || i.closest('[aria-label]'))) problems.push('unnamed image');
                }
                function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
                function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); }
                function bg(e) { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0) return c; }
                  return {r: 255, g: 255, b: 255, a: 1}; }
                let checked = 0;
                for (const e of document.querySelectorAll('body *')) {
                  if (!e.offsetParent && getComputedStyle(e).position !== 'fixed') continue;
                  const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
                  if (!own) continue;
                  const a = lum(rgb(getComputedStyle(e).color)), b = lum(bg(e));
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  checked++;
                  if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ' on ' + e.tagName + ' "' + e.textContent.trim().slice(0, 30) + '"');
                }
                return {problems, checked};""");
        assertEquals(List.of(), report.get("problems"), driver.getCurrentUrl());
        assertTrue(((Number) report.get("checked")).intValue() > 3, "contrast checked on the page's text");
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(String.format("%02d-%s.png", ++shot, name)), png);
    }
}
