package io.wabridge.simulator.e2e;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Small test images. */
final class ProfileTestImages {
    private ProfileTestImages() {
    }

    /** A plain square JPEG of {@code side} pixels. */
    static byte[] squareJpeg(int side) throws IOException {
        return image(side, side, "jpg");
    }

    /** A plain image in an ImageIO format ("png", "jpg"). */
    static byte[] image(int width, int height, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
