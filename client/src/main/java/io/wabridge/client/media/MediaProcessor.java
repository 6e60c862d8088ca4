package io.wabridge.client.media;

import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaKind;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What a media message says about its file beyond the blob: dimensions and an inline JPEG thumbnail for images,
 * made in Java (ImageIO, headless). Stateless and thread-safe: one instance ({@link #INSTANCE}) serves every session
 * of a worker. Dimensions are read from the image header without decoding; a thumbnail decodes the image once
 * (subsampled for large images, so memory stays bounded). Video and audio durations come from the caller (no probe
 * in the JVM); formats ImageIO cannot read (webp stickers, HEIC) simply get no dimensions or thumbnail.
 */
public final class MediaProcessor {

    /** The one shared instance. */
    public static final MediaProcessor INSTANCE = new MediaProcessor();

    /** Longest side of inline thumbnails, in pixels (Baileys uses 32). */
    public static final int THUMBNAIL_SIZE = 32;

    static {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        ImageIO.setUseCache(false); // no temp files
    }

    private MediaProcessor() {
    }

    /** Width, height and a JPEG thumbnail of an image; zeros and null for what cannot be read. */
    public record ImageInfo(int width, int height, byte[] jpegThumbnail) {
        public static final ImageInfo NONE = new ImageInfo(0, 0, null);
    }

    /** Reads an image's dimensions and makes its thumbnail; {@link ImageInfo#NONE} for a format ImageIO lacks. */
    public ImageInfo image(MediaSource source) {
        try (InputStream in = source.open(); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            if (iis == null) {
                return ImageInfo.NONE;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                return ImageInfo.NONE;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                var param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / (THUMBNAIL_SIZE * 4));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                return new ImageInfo(width, height, thumbnail(image));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return ImageInfo.NONE;
        }
    }

    /**
     * Fills in what a media message of {@code kind} can learn from its file: for images and stickers the
     * dimensions and (images only) the thumbnail, unless the builder already has them.
     */
    public Media.Builder describe(MediaKind kind, MediaSource source, Media.Builder builder, Media current) {
        if (kind == MediaKind.IMAGE || kind == MediaKind.STICKER) {
            ImageInfo info = image(source);
            if (current == null || current.width() == 0) {
                builder.width(info.width()).height(info.height());
            }
            if (kind == MediaKind.IMAGE && (current == null || current.jpegThumbnail() == null)
                    && info.jpegThumbnail() != null) {
                builder.jpegThumbnail(info.jpegThumbnail());
            }
        }
        return builder;
    }

    /**
     * The image cropped to its centred square and scaled to {@code side} pixels (never up), as a JPEG: what WhatsApp
     * takes as a profile picture (Baileys' {@code generateProfilePicture} makes 640 x 640). Large images are decoded
     * subsampled, so memory stays bounded.
     *
     * @throws IOException if ImageIO cannot read the image
     */
    public byte[] squareJpeg(MediaSource source, int side) throws IOException {
        if (side < 1) {
            throw new IllegalArgumentException("side must be positive: " + side);
        }
        try (InputStream in = source.open(); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = iis == null ? null : ImageIO.getImageReaders(iis);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("not an image ImageIO can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                int shortest = Math.min(reader.getWidth(0), reader.getHeight(0));
                var param = reader.getDefaultReadParam();
                int step = Math.max(1, shortest / (side * 2));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                int w = image.getWidth();
                int h = image.getHeight();
                int crop = Math.min(w, h);
                int target = Math.min(side, crop);
                byte[] jpeg = jpeg(image, (w - crop) / 2, (h - crop) / 2, crop, crop, target, target);
                if (jpeg == null) {
                    throw new IOException("no JPEG writer");
                }
                return jpeg;
            } finally {
                reader.dispose();
            }
        }
    }

    private static byte[] thumbnail(BufferedImage image) throws IOException {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = Math.min(1.0, (double) THUMBNAIL_SIZE / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        return jpeg(image, 0, 0, w, h, tw, th);
    }

    /** The source rectangle of {@code image} drawn at {@code tw} x {@code th}, as a JPEG (null without a writer). */
    private static byte[] jpeg(BufferedImage image, int sx, int sy, int sw, int sh, int tw, int th) throws IOException {
        BufferedImage small = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, tw, th, sx, sy, sx + sw, sy + sh, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(small, "jpg", out)) {
            return null;
        }
        return out.toByteArray();
    }
}
