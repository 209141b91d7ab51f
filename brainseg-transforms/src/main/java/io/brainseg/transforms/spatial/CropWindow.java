package io.brainseg.transforms.spatial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * A crop window {@code [rowStart, rowEnd) × [colStart, colEnd)} on the spatial axes of an
 * {@code N×C×H×W} array.
 *
 * @param rowStart first row
 * @param rowEnd row after the last
 * @param colStart first column
 * @param colEnd column after the last
 */
public record CropWindow(int rowStart, int rowEnd, int colStart, int colEnd) {

    /**
     * Crops every sample of {@code x} to this window.
     *
     * @param x an {@code N×C×H×W} array
     * @return the cropped array
     */
    public NDArray crop(NDArray x) {
        return x.get(new NDIndex(":, :, {}:{}, {}:{}", rowStart, rowEnd, colStart, colEnd));
    }

    /**
     * Crops sample {@code i} of {@code x} to this window, keeping the batch axis.
     *
     * @param x an {@code N×C×H×W} array
     * @param i the sample
     * @return a {@code 1×C×h×w} array
     */
    public NDArray crop(NDArray x, int i) {
        return x.get(new NDIndex("{}:{}, :, {}:{}, {}:{}", i, i + 1, rowStart, rowEnd, colStart, colEnd));
    }

    /**
     * MONAI's centred window on one axis: start = max(center − roi//2, 0), end = min(start + roi,
     * size).
     *
     * @param center the centre index
     * @param roi the window size
     * @param size the axis size
     * @return {start, end}
     */
    static int[] centred(int center, int roi, int size) {
        int start = Math.max(center - roi / 2, 0);
        return new int[] {start, Math.min(start + roi, size)};
    }
}
