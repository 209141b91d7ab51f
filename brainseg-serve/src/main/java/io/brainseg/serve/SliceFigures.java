package io.brainseg.serve;

import com.google.gson.JsonObject;

/**
 * The figures reported for one segmented slice.
 *
 * <p>{@code meanProbability} is the mean over the predicted tumour pixels (null without any), the
 * model's average confidence where it says "tumour"; {@code maxProbability} is over the whole
 * slice, which tells how close a slice without tumour pixels came to having some.
 *
 * @param height H
 * @param width W
 * @param tumourPixels pixels with probability above the threshold
 * @param box the bounding box of those pixels as {@code {x, y, width, height}}, null without any
 * @param meanProbability mean probability over tumour pixels, NaN without any
 * @param maxProbability the largest probability in the slice
 */
record SliceFigures(int height, int width, int tumourPixels, int[] box, double meanProbability, double maxProbability) {

    /**
     * Computes the figures and the mask.
     *
     * @param p {@code H·W} probabilities
     * @param h height
     * @param w width
     * @param threshold mask = {@code p > threshold}
     * @param mask receives {@code H·W} bytes, 1 inside the mask
     * @return the figures
     */
    static SliceFigures of(float[] p, int h, int w, double threshold, byte[] mask) {
        int n = 0;
        double sum = 0;
        double max = 0;
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = p[y * w + x];
                max = Math.max(max, v);
                boolean in = v > threshold;
                mask[y * w + x] = (byte) (in ? 1 : 0);
                if (in) {
                    n++;
                    sum += v;
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        int[] box = n == 0 ? null : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
        return new SliceFigures(h, w, n, box, n == 0 ? Double.NaN : sum / n, max);
    }

    /**
     * Returns the JSON object.
     *
     * @param threshold the threshold used
     * @param checkpointId the model's id
     * @return the object
     */
    JsonObject toJson(double threshold, String checkpointId) {
        JsonObject o = new JsonObject();
        o.addProperty("height", height);
        o.addProperty("width", width);
        o.addProperty("tumourPixels", tumourPixels);
        o.addProperty("tumourFraction", (double) tumourPixels / ((long) height * width));
        if (box == null) {
            o.add("boundingBox", com.google.gson.JsonNull.INSTANCE);
            o.add("meanProbability", com.google.gson.JsonNull.INSTANCE);
        } else {
            JsonObject b = new JsonObject();
            b.addProperty("x", box[0]);
            b.addProperty("y", box[1]);
            b.addProperty("width", box[2]);
            b.addProperty("height", box[3]);
            o.add("boundingBox", b);
            o.addProperty("meanProbability", meanProbability);
        }
        o.addProperty("maxProbability", maxProbability);
        o.addProperty("threshold", threshold);
        o.addProperty("checkpointId", checkpointId);
        return o;
    }
}
