package io.brainseg.core.predict;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * The prediction for one slice: the foreground probability of every pixel,
 * {@code sigmoid(logit)}, and the binary mask {@code probability > threshold}.
 *
 * <p>Arrays are row-major {@code H×W}; the object is immutable (accessors return copies).
 */
public final class Prediction {

    private final String source;
    private final int height;
    private final int width;
    private final float[] probabilities;
    private final double threshold;

    Prediction(String source, int height, int width, float[] probabilities, double threshold) {
        this.source = source;
        this.height = height;
        this.width = width;
        this.probabilities = probabilities;
        this.threshold = threshold;
    }

    /**
     * Returns where the slice came from: the file name for files, else null.
     *
     * @return the source or null
     */
    public String getSource() {
        return source;
    }

    /**
     * Returns the height.
     *
     * @return H
     */
    public int getHeight() {
        return height;
    }

    /**
     * Returns the width.
     *
     * @return W
     */
    public int getWidth() {
        return width;
    }

    /**
     * Returns the threshold the mask uses.
     *
     * @return the threshold on the probability
     */
    public double getThreshold() {
        return threshold;
    }

    /**
     * Returns the probabilities, row-major {@code H×W}, in [0, 1].
     *
     * @return a copy
     */
    public float[] getProbabilities() {
        return probabilities.clone();
    }

    /**
     * Returns the probability at a pixel.
     *
     * @param y the row
     * @param x the column
     * @return the probability
     */
    public float probability(int y, int x) {
        return probabilities[y * width + x];
    }

    /**
     * Returns the binary mask, row-major {@code H×W}: 1 where {@code probability > threshold}.
     *
     * @return a new array of 0 and 1
     */
    public byte[] getMask() {
        byte[] m = new byte[probabilities.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = probabilities[i] > threshold ? (byte) 1 : 0;
        }
        return m;
    }

    /**
     * Counts the foreground pixels of the mask.
     *
     * @return the number of pixels with {@code probability > threshold}
     */
    public int getForegroundPixels() {
        int n = 0;
        for (float p : probabilities) {
            if (p > threshold) {
                n++;
            }
        }
        return n;
    }

    /**
     * Returns the mask as an 8-bit grey image with values 0 and 255, the format of the dataset's
     * {@code _mask.tif} files.
     *
     * @return a {@code TYPE_BYTE_GRAY} image
     */
    public BufferedImage toMaskImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            data[i] = probabilities[i] > threshold ? (byte) 255 : 0;
        }
        return img;
    }

    @Override
    public String toString() {
        return "Prediction{" + (source == null ? "" : source + ", ") + height + "x" + width + ", foreground "
                + getForegroundPixels() + " px}";
    }
}
