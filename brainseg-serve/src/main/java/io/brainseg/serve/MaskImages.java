package io.brainseg.serve;

import io.brainseg.data.PlanarImage;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Encodes what the server returns as images: a mask (8-bit grey, 0 / 255 like the dataset's
 * {@code *_mask.tif}), the slice itself as PNG (browsers cannot show TIFF), and an overlay.
 *
 * <p>The overlay blends {@value #ALPHA} of pure red into every mask pixel,
 * {@code out = (1 − α)·slice + α·(255, 0, 0)}, and paints the mask's outline (mask pixels with a
 * 4-neighbour outside it) solid red, so small regions stay visible.
 */
final class MaskImages {

    /** The share of red blended into mask pixels. */
    static final double ALPHA = 0.5;

    private MaskImages() {}

    /**
     * Encodes a mask.
     *
     * @param mask {@code H·W} bytes, 0 or 1
     * @param h height
     * @param w width
     * @param format {@code "png"} or {@code "tiff"}
     * @return the file's bytes
     */
    static byte[] mask(byte[] mask, int h, int w, String format) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] grey = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            grey[i] = mask[i] != 0 ? (byte) 255 : 0;
        }
        img.getRaster().setDataElements(0, 0, w, h, grey);
        return encode(img, format);
    }

    /**
     * Encodes a slice as PNG.
     *
     * @param slice a {@code 3×H×W} slice
     * @return PNG bytes
     */
    static byte[] slicePng(PlanarImage slice) {
        return encode(toRgb(slice), "png");
    }

    /**
     * Draws a mask over a slice.
     *
     * @param slice a {@code 3×H×W} slice
     * @param mask {@code H·W} bytes, 0 or 1
     * @return PNG bytes
     */
    static byte[] overlayPng(PlanarImage slice, byte[] mask) {
        BufferedImage img = toRgb(slice);
        int h = slice.height();
        int w = slice.width();
        WritableRaster r = img.getRaster();
        int[] px = new int[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y * w + x] == 0) {
                    continue;
                }
                boolean edge = x == 0
                        || y == 0
                        || x == w - 1
                        || y == h - 1
                        || mask[y * w + x - 1] == 0
                        || mask[y * w + x + 1] == 0
                        || mask[(y - 1) * w + x] == 0
                        || mask[(y + 1) * w + x] == 0;
                r.getPixel(x, y, px);
                if (edge) {
                    px[0] = 255;
                    px[1] = 0;
                    px[2] = 0;
                } else {
                    px[0] = (int) Math.round((1 - ALPHA) * px[0] + ALPHA * 255);
                    px[1] = (int) Math.round((1 - ALPHA) * px[1]);
                    px[2] = (int) Math.round((1 - ALPHA) * px[2]);
                }
                r.setPixel(x, y, px);
            }
        }
        return encode(img, "png");
    }

    private static BufferedImage toRgb(PlanarImage slice) {
        int h = slice.height();
        int w = slice.width();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = img.getRaster();
        int[] plane = new int[h * w];
        byte[] p = slice.planes();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = p[c * h * w + i] & 0xff;
            }
            r.setSamples(0, 0, w, h, c, plane);
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + format, e);
        }
        return out.toByteArray();
    }
}
