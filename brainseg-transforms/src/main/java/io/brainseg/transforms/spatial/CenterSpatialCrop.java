package io.brainseg.transforms.spatial;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Checks;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Crops the centre {@code roiSize} window of every sample (MONAI's {@code CenterSpatialCrop}):
 * on each axis centre = size//2, start = max(centre − roi//2, 0), end = start + roi (on 16: [4, 12)
 * for 8 and [5, 12) for 7). Input {@code N×C×H×W}, any dtype. Default keys {@code image},
 * {@code mask}.
 */
public final class CenterSpatialCrop extends SpatialTransform implements FusableSpatial {

    private final int[] roi;

    private CenterSpatialCrop(Builder b) {
        super(b);
        this.roi = b.roi;
    }

    /**
     * Returns a builder; {@link Builder#setRoiSize} is required.
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
     * @return the window
     */
    public CropWindow window(int h, int w) {
        int[] r = CropWindow.centred(h / 2, roi[0], h);
        int[] c = CropWindow.centred(w / 2, roi[1], w);
        return new CropWindow(r[0], r[1], c[0], c[1]);
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        List<String> keys = checkedKeys(batch);
        int[] hw = spatialSize(batch, keys);
        if (hw == null) {
            return;
        }
        if (roi[0] > hw[0] || roi[1] > hw[1]) {
            throw new IllegalArgumentException(name() + ": roiSize " + roi[0] + "×" + roi[1]
                    + " is larger than the image " + batch.get(keys.get(0)).getShape());
        }
        CropWindow win = window(hw[0], hw[1]);
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
        if (roi[0] > plan.rows() || roi[1] > plan.cols()) {
            throw new IllegalArgumentException(
                    name() + ": roiSize " + roi[0] + "×" + roi[1] + " is larger than the image "
                            + plan.currentShape(batch, plan.getKeys().get(0)));
        }
        CropWindow[] windows = new CropWindow[plan.size()];
        java.util.Arrays.fill(windows, window(plan.rows(), plan.cols()));
        plan.crop(windows);
        return true;
    }

    /** Builder of {@link CenterSpatialCrop}. */
    public static final class Builder extends SpatialBuilder<Builder> {

        private int[] roi;

        Builder() {}

        /**
         * Sets the window size (required).
         *
         * @param rows window rows
         * @param cols window columns
         * @return this builder
         */
        public Builder setRoiSize(int rows, int cols) {
            this.roi = new int[] {rows, cols};
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
         * @throws IllegalArgumentException if roiSize is missing or not positive
         */
        public CenterSpatialCrop build() {
            validateKeys();
            Checks.spatialSize("roiSize", roi);
            return new CenterSpatialCrop(this);
        }
    }
}
