package io.wabridge.bridge.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.wabridge.bridge.e2e.SimulatorResource;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import org.junit.jupiter.api.Test;

/**
 * HTTP authentication on a running bridge with credentials configured ({@link SecuredProfile}): one mechanism for
 * the JSON API, the views, the media endpoint and the console; health stays open; failures say nothing about what
 * was wrong and are rate-limited; console actions need the session's CSRF token.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(EmbeddedInfraResource.class)
@WithTestResource(SimulatorResource.class)
class HttpAuthTest {
    private static final String BEARER = "Bearer " + SecuredProfile.TOKEN;

    @Test
    void theApiNeedsATokenAndHealthDoesNot() {
        for (String path : new String[] {"/sessions", "/views/sessions", "/q/metrics", "/console/api/sessions",
                "/media/" + "0".repeat(64), "/q/openapi"}) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", "Bearer").body(emptyString());
            given().header("Authorization", BEARER).get(path).then().statusCode(not(equalTo(401)));
        }
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(not(equalTo(401)));
        given().get("/console/login").then().statusCode(200).body(containsString("<label for=\"password\">"));
        given().get("/console/assets/console.js").then().statusCode(200);
        // a browser without a session is sent to the sign-in page, a program gets 401
        given().redirects().follow(false).get("/console").then().statusCode(302)
                .header("Location", startsWith("/console/login"));
    }

    @jakarta.inject.Inject
    Credentials credentials;

    @Test
    void thePeerTokenOnlyReadsTheViews() {
        // What workers and views send each other (and a worker to wabridge.views.url): the views' GETs, nothing else.
        String peer = credentials.peerAuthorization().orElseThrow();
        // Let in (200/404 once the views run, 503 while they start): neither 401 nor 403.
        given().header("Authorization", peer).get("/views/sessions").then()
                .statusCode(not(org.hamcrest.Matchers.anyOf(equalTo(401), equalTo(403))));
        given().header("Authorization", peer).get("/views/sessions/acme").then()
                .statusCode(not(org.hamcrest.Matchers.anyOf(equalTo(401), equalTo(403))));
        for (String path : new String[] {"/sessions", "/console/api/sessions", "/q/metrics", "/q/openapi"}) {
            given().header("Authorization", peer).get(path).then().statusCode(403);
        }
        given().header("Authorization", peer).contentType("application/json").body("{}").post("/views/sessions")
                .then().statusCode(403);
    }

    @Test
    void wrongCredentialsGet401WithoutAHintAndTooManyGet429() {
        String client = "203.0.113.7"; // X-Forwarded-For, trusted in this profile: this test's own address
        Response wrongPassword = signIn(client, SecuredProfile.USER, "wrong password");
        Response wrongUser = signIn(client, "nobody", SecuredProfile.PASSWORD);
        assertEquals(401, wrongPassword.statusCode());
        assertEquals(401, wrongUser.statusCode());
        assertEquals(wrongPassword.body().asString(), wrongUser.body().asString(), "no hint which part was wrong");
        assertTrue(wrongUser.body().asString().contains("Sign-in failed."));
        given().header("X-Forwarded-For", client).header("Authorization", "Bearer wrong-token-0123456789")
                .get("/sessions").then().statusCode(401).body(emptyString());
        for (int i = 3; i < SecuredProfile.MAX_FAILURES; i++) {
            given().header("X-Forwarded-For", client).header("Authorization", "Basic dXNlcjpwYXNz")
                    .get("/sessions").then().statusCode(401);
        }
        // the address is now refused, whatever it sends, until its failures leave the window (PasswordHashTest)
        given().header("X-Forwarded-For", client).header("Authorization", BEARER).get("/sessions").then()
                .statusCode(429).header("Retry-After", not(emptyString()));
        Response limited = signIn(client, SecuredProfile.USER, SecuredProfile.PASSWORD);
        assertEquals(429, limited.statusCode());
        assertTrue(limited.body().asString().contains("Too many failed sign-ins"), limited.body().asString());
        // other addresses are not affected
        given().header("X-Forwarded-For", "203.0.113.8").header("Authorization", BEARER).get("/sessions").then()
                .statusCode(200);
        assertEquals(303, signIn("203.0.113.9", SecuredProfile.USER, SecuredProfile.PASSWORD).statusCode());
    }

    @Test
    void aSignedInUserActsOnlyWithTheCsrfToken() {
        Response in = signIn("203.0.113.10", SecuredProfile.USER, SecuredProfile.PASSWORD);
        assertEquals(303, in.statusCode());
        String cookie = in.cookie(ConsoleSession.COOKIE);
        assertNotNull(cookie);
        assertTrue(in.header("Set-Cookie").contains("HttpOnly"), in.header("Set-Cookie"));
        assertTrue(in.header("Set-Cookie").contains("SameSite=Strict"), in.header("Set-Cookie"));
        String csrf = given().cookie(ConsoleSession.COOKIE, cookie).get("/console/api/me").then().statusCode(200)
                .body("user", equalTo(SecuredProfile.USER)).extract().path("csrf");
        assertTrue(csrf.length() >= 20);
        given().cookie(ConsoleSession.COOKIE, cookie).get("/console").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));

        given().cookie(ConsoleSession.COOKIE, cookie).post("/console/api/sessions/csrf-1/disconnect").then()
                .statusCode(403);
        given().cookie(ConsoleSession.COOKIE, cookie).header(ConsoleSession.CSRF_HEADER, "forged")
                .post("/console/api/sessions/csrf-1/disconnect").then().statusCode(403);
        String commandId = given().cookie(ConsoleSession.COOKIE, cookie).header(ConsoleSession.CSRF_HEADER, csrf)
                .post("/console/api/sessions/csrf-1/disconnect").then().statusCode(202)
                .body("sessionId", equalTo("csrf-1")).extract().path("commandId");
        assertTrue(commandId.startsWith("console-"), commandId);
        // programs with a token need no CSRF token (no cookie, nothing a foreign page could borrow)
        given().header("Authorization", BEARER).post("/console/api/sessions/csrf-1/disconnect").then().statusCode(202);
        // a tampered cookie is no session
        given().cookie(ConsoleSession.COOKIE, cookie.substring(0, cookie.length() - 2) + "xx")
                .get("/console/api/me").then().statusCode(401);
    }

    @Test
    void anInvalidSessionIdGetsTheContractsValidationMessage() {
        given().header("Authorization", BEARER).contentType("application/json").body("{\"pairing\":\"qr\"}")
                .post("/console/api/sessions/bad id!/connect").then().statusCode(400)
                .body("code", equalTo("INVALID_SESSION_ID"))
                .body("error", equalTo("session_id \"bad id!\" has the character '\\u0020' at index 3;"
                        + " only A-Z a-z 0-9 . _ - : @ + are allowed"));
        given().header("Authorization", BEARER).get("/console/api/sessions/wabridge:no-session").then()
                .statusCode(400).body("error", containsString("reserved"));
        given().header("Authorization", BEARER).contentType("application/json").body("{\"to\":\"not a jid!\",\"text\":\"hi\"}")
                .post("/console/api/sessions/ok-1/send").then().statusCode(400).body("code", equalTo("INVALID_JID"))
                .body("error", containsString("send_message.to"));
        given().header("Authorization", BEARER).contentType("application/json").body("{\"pairing\":\"code\",\"phone\":\"12\"}")
                .post("/console/api/sessions/ok-1/connect").then().statusCode(400).body("code", equalTo("INVALID_COMMAND"))
                .body("error", containsString("connect.pairing_code.phone"));
    }

    private static Response signIn(String client, String user, String password) {
        return given().header("X-Forwarded-For", client).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", user).formParam("password", password).post("/console/login");
    }
}
