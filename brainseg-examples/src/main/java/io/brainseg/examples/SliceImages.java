package io.brainseg.examples;

import io.brainseg.core.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Host-side pictures of slices for reports (display only, never on the training path): a slice's
 * three channels as an RGB image (pre-contrast, FLAIR, post-contrast as R, G, B, like the dataset's
 * TIFFs), one channel in grey, a binary mask blended in a colour, and grids of labelled panels.
 */
final class SliceImages {

    static final Color TRUTH = new Color(0, 220, 0);
    static final Color PREDICTION = new Color(230, 0, 0);

    private SliceImages() {}

    /**
     * The slice as RGB.
     *
     * @param image {@code 3·H·W} unsigned bytes, plane after plane
     */
    static BufferedImage rgb(byte[] image, int height, int width) {
        int plane = height * width;
        int[] px = new int[plane];
        for (int p = 0; p < plane; p++) {
            px[p] = (image[p] & 0xFF) << 16 | (image[plane + p] & 0xFF) << 8 | (image[2 * plane + p] & 0xFF);
        }
        return of(px, height, width);
    }

    /** One channel of a {@code C·H·W} image in grey. */
    static BufferedImage grey(byte[] image, int channel, int height, int width) {
        int plane = height * width;
        int[] px = new int[plane];
        for (int p = 0; p < plane; p++) {
            int v = image[channel * plane + p] & 0xFF;
            px[p] = v << 16 | v << 8 | v;
        }
        return of(px, height, width);
    }

    /**
     * A copy of {@code base} with the pixels where {@code mask != 0} blended half-and-half with
     * {@code colour}.
     */
    static BufferedImage overlay(BufferedImage base, byte[] mask, Color colour) {
        int h = base.getHeight();
        int w = base.getWidth();
        int[] px = base.getRGB(0, 0, w, h, null, 0, w);
        for (int p = 0; p < px.length; p++) {
            if (mask[p] != 0) {
                int r = ((px[p] >> 16 & 0xFF) + colour.getRed()) / 2;
                int g = ((px[p] >> 8 & 0xFF) + colour.getGreen()) / 2;
                int b = ((px[p] & 0xFF) + colour.getBlue()) / 2;
                px[p] = r << 16 | g << 8 | b;
            }
        }
        return of(px, h, w);
    }

    /** A 0/255 grey picture of a binary mask. */
    static BufferedImage mask(byte[] mask, int height, int width) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] v = new byte[mask.length];
        for (int p = 0; p < mask.length; p++) {
            v[p] = mask[p] != 0 ? (byte) 255 : 0;
        }
        out.getRaster().setDataElements(0, 0, width, height, v);
        return out;
    }

    /**
     * Composes panels in a grid, each scaled (nearest neighbour) to {@code cell} pixels and labelled.
     *
     * @param panels rows of panels
     * @param labels rows of labels (same layout), or null
     * @param cell the side of a cell
     */
    static BufferedImage grid(List<List<BufferedImage>> panels, List<List<String>> labels, int cell) {
        int cols = panels.stream().mapToInt(List::size).max().orElse(1);
        BufferedImage out =
                new BufferedImage(cols * cell, Math.max(1, panels.size()) * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, cell / 20)));
        for (int r = 0; r < panels.size(); r++) {
            for (int c = 0; c < panels.get(r).size(); c++) {
                g.drawImage(panels.get(r).get(c), c * cell, r * cell, cell, cell, null);
                if (labels != null && labels.get(r).get(c) != null) {
                    g.setColor(Color.YELLOW);
                    g.drawString(
                            labels.get(r).get(c),
                            c * cell + 3,
                            r * cell + g.getFontMetrics().getAscent() + 2);
                }
            }
        }
        g.dispose();
        return out;
    }

    /** Writes a PNG atomically (temporary file, then move). */
    static void writePng(BufferedImage image, Path file) {
        try {
            AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static BufferedImage of(int[] px, int height, int width) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, width, height, px, 0, width);
        return out;
    }
}
