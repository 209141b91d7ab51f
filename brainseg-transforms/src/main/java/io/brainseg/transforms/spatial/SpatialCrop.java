package io.brainseg.transforms.spatial;

import io.brainseg.core.batch.SampleBatch;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Crops every sample to one fixed window (MONAI's {@code SpatialCrop}), given either as
 * {@code roiCenter} + {@code roiSize} (start = max(center − size//2, 0), end = start + size) or as
 * {@code roiStart} + {@code roiEnd}; as in MONAI the window is clipped to the image, so the result
 * can be smaller than asked. Input {@code N×C×H×W}, any dtype. Default keys {@code image},
 * {@code mask}.
 */
public final class SpatialCrop extends SpatialTransform implements FusableSpatial {

    private final int[] center;
    private final int[] size;
    private final int[] start;
    private final int[] end;

    private SpatialCrop(Builder b) {
        super(b);
        this.center = b.center;
        this.size = b.size;
        this.start = b.start;
        this.end = b.end;
    }

    /**
     * Returns a builder; set either {@link Builder#setRoiCenter} with {@link Builder#setRoiSize},
     * or {@link Builder#setRoiStart} with {@link Builder#setRoiEnd}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the window on an image of {@code h×w}.
     *
     * @param h rows
     * @param w columns
     * @return the clipped window
     */
    public CropWindow window(int h, int w) {
        if (center != null) {
            int[] r = CropWindow.centred(center[0], size[0], h);
            int[] c = CropWindow.centred(center[1], size[1], w);
            return new CropWindow(r[0], r[1], c[0], c[1]);
        }
        int r0 = Math.min(Math.max(start[0], 0), h);
        int c0 = Math.min(Math.max(start[1], 0), w);
        return new CropWindow(r0, Math.min(Math.max(end[0], r0), h), c0, Math.min(Math.max(end[1], c0), w));
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        List<String> keys = checkedKeys(batch);
        int[] hw = spatialSize(batch, keys);
        if (hw == null) {
            return;
        }
        CropWindow win = window(hw[0], hw[1]);
        if (win.rowEnd() <= win.rowStart() || win.colEnd() <= win.colStart()) {
            throw new IllegalArgumentException(
                    name() + ": window " + win + " is empty on an image of " + hw[0] + "×" + hw[1]);
        }
        for (String key : keys) {
            replace(batch, key, (m, x) -> win.crop(x));
        }
    }

    @Override
    public boolean fusesOn(SampleBatch batch) {
        return onCpu(batch);
    }

    @Override
    public boolean plan(SampleBatch batch, SpatialPlan plan, RandomGenerator rng) {
        CropWindow win = window(plan.rows(), plan.cols());
        if (win.rowEnd() <= win.rowStart() || win.colEnd() <= win.colStart()) {
            throw new IllegalArgumentException(
                    name() + ": window " + win + " is empty on an image of " + plan.rows() + "×" + plan.cols());
        }
        CropWindow[] windows = new CropWindow[plan.size()];
        Arrays.fill(windows, win);
        plan.crop(windows);
        return true;
    }

    /** Builder of {@link SpatialCrop}. */
    public static final class Builder extends SpatialBuilder<Builder> {

        private int[] center;
        private int[] size;
        private int[] start;
        private int[] end;

        Builder() {}

        /**
         * Sets the window centre (rows, cols).
         *
         * @param rows centre row
         * @param cols centre column
         * @return this builder
         */
        public Builder setRoiCenter(int rows, int cols) {
            this.center = new int[] {rows, cols};
            return this;
        }

        /**
         * Sets the window size (rows, cols).
         *
         * @param rows window rows
         * @param cols window columns
         * @return this builder
         */
        public Builder setRoiSize(int rows, int cols) {
            this.size = new int[] {rows, cols};
            return this;
        }

        /**
         * Sets the first row and column of the window.
         *
         * @param rows first row
         * @param cols first column
         * @return this builder
         */
        public Builder setRoiStart(int rows, int cols) {
            this.start = new int[] {rows, cols};
            return this;
        }

        /**
         * Sets the row and column after the window.
         *
         * @param rows end row (exclusive)
         * @param cols end column (exclusive)
         * @return this builder
         */
        public Builder setRoiEnd(int rows, int cols) {
            this.end = new int[] {rows, cols};
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the transform.
         *
         * @return the transform
         * @throws IllegalArgumentException unless exactly one of (roiCenter, roiSize) and
         *     (roiStart, roiEnd) is complete, or if roiSize is not positive or roiEnd ≤ roiStart
         */
        public SpatialCrop build() {
            validateKeys();
            boolean byCenter = center != null || size != null;
            boolean byStart = start != null || end != null;
            if (byCenter == byStart) {
                throw new IllegalArgumentException("set either roiCenter+roiSize or roiStart+roiEnd, got roiCenter="
                        + Arrays.toString(center) + " roiSize=" + Arrays.toString(size) + " roiStart="
                        + Arrays.toString(start) + " roiEnd=" + Arrays.toString(end));
            }
            if (byCenter) {
                if (center == null || size == null) {
                    throw new IllegalArgumentException("roiCenter and roiSize must both be set, got roiCenter="
                            + Arrays.toString(center) + " roiSize=" + Arrays.toString(size));
                }
                io.brainseg.transforms.base.Checks.spatialSize("roiSize", size);
            } else {
                if (start == null || end == null) {
                    throw new IllegalArgumentException("roiStart and roiEnd must both be set, got roiStart="
                            + Arrays.toString(start) + " roiEnd=" + Arrays.toString(end));
                }
                if (end[0] <= start[0] || end[1] <= start[1]) {
                    throw new IllegalArgumentException("roiEnd must exceed roiStart, got roiStart="
                            + Arrays.toString(start) + " roiEnd=" + Arrays.toString(end));
                }
            }
            return new SpatialCrop(this);
        }
    }
}
