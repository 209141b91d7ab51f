package io.brainseg.transforms.spatial;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Backend;
import io.brainseg.transforms.base.Checks;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Crops a {@code roiSize} window at a random position per sample (MONAI's
 * {@code RandSpatialCrop} with {@code random_center=True}): each sample's top-left corner is
 * uniform over the valid positions {@code [0, H − roi] × [0, W − roi]}, shared by all keys of that
 * sample. Always applied (no probability).
 *
 * <p>With {@code randomSize}, the window size is drawn uniform in [roiSize, maxRoiSize] (default:
 * the image size) <em>once per batch</em>, not per sample as in MONAI, because a batch must stay
 * rectangular. Input {@code N×C×H×W}, any dtype. Default keys {@code image}, {@code mask}.
 *
 * <p>Implementation: on the CPU a byte-copy kernel (one pass, any dtype); elsewhere one slice per
 * sample, concatenated.
 */
public final class RandSpatialCrop extends SpatialTransform implements FusableSpatial {

    private final int[] roi;
    private final int[] maxRoi;
    private final boolean randomSize;
    private final Backend backend;

    private RandSpatialCrop(Builder b) {
        super(b);
        this.roi = b.roi;
        this.maxRoi = b.maxRoi;
        this.randomSize = b.randomSize;
        this.backend = b.backend;
    }

    /**
     * Returns a builder; {@link Builder#setRoiSize} is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean isRandom() {
        return true;
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        List<String> keys = checkedKeys(batch);
        int[] hw = spatialSize(batch, keys);
        if (hw == null) {
            return;
        }
        int n = batch.size();
        CropWindow[] windows = draw(hw[0], hw[1], n, batch.get(keys.get(0)).getShape(), rng);
        for (String key : keys) {
            replace(batch, key, (m, x) -> {
                if (backend.resolve(m.getDevice()) == Backend.CPU_KERNEL) {
                    return CpuCopyKernels.crop(m, x, windows);
                }
                NDList parts = new NDList(n);
                for (int i = 0; i < n; i++) {
                    parts.add(windows[i].crop(x, i));
                }
                return NDArrays.concat(parts, 0);
            });
        }
    }

    /** Checks the size and draws the windows, in the order apply and plan share. */
    private CropWindow[] draw(int rows, int cols, int n, Shape shape, RandomGenerator rng) {
        if (roi[0] > rows || roi[1] > cols) {
            throw new IllegalArgumentException(
                    name() + ": roiSize " + roi[0] + "×" + roi[1] + " is larger than the image " + shape);
        }
        int h = roi[0];
        int w = roi[1];
        if (randomSize) {
            int maxH = maxRoi == null ? rows : Math.min(maxRoi[0], rows);
            int maxW = maxRoi == null ? cols : Math.min(maxRoi[1], cols);
            h = roi[0] + rng.nextInt(maxH - roi[0] + 1);
            w = roi[1] + rng.nextInt(maxW - roi[1] + 1);
        }
        CropWindow[] windows = new CropWindow[n];
        for (int i = 0; i < n; i++) {
            int r0 = rng.nextInt(rows - h + 1);
            int c0 = rng.nextInt(cols - w + 1);
            windows[i] = new CropWindow(r0, r0 + h, c0, c0 + w);
        }
        return windows;
    }

    @Override
    public boolean fusesOn(SampleBatch batch) {
        return backend.resolve(batch.getDevice()) == Backend.CPU_KERNEL;
    }

    @Override
    public boolean plan(SampleBatch batch, SpatialPlan plan, RandomGenerator rng) {
        Shape shape = plan.currentShape(batch, plan.getKeys().get(0));
        plan.crop(draw(plan.rows(), plan.cols(), plan.size(), shape, rng));
        return true;
    }

    /** Builder of {@link RandSpatialCrop}. */
    public static final class Builder extends SpatialBuilder<Builder> {

        private int[] roi;
        private int[] maxRoi;
        private boolean randomSize;
        private Backend backend = Backend.AUTO;

        Builder() {}

        /**
         * Chooses the implementation (default AUTO: a byte-copy kernel on CPU, slices elsewhere).
         *
         * @param backend the backend
         * @return this builder
         */
        public Builder optBackend(Backend backend) {
            this.backend = java.util.Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * Sets the window size, or its minimum with {@code randomSize} (required).
         *
         * @param rows window rows
         * @param cols window columns
         * @return this builder
         */
        public Builder setRoiSize(int rows, int cols) {
            this.roi = new int[] {rows, cols};
            return this;
        }

        /**
         * Sets the largest window with {@code randomSize} (default: the image size).
         *
         * @param rows maximum rows
         * @param cols maximum columns
         * @return this builder
         */
        public Builder optMaxRoiSize(int rows, int cols) {
            this.maxRoi = new int[] {rows, cols};
            return this;
        }

        /**
         * Draws the window size per batch in [roiSize, maxRoiSize] (default false).
         *
         * @param randomSize whether the size is random
         * @return this builder
         */
        public Builder optRandomSize(boolean randomSize) {
            this.randomSize = randomSize;
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
         * @throws IllegalArgumentException if roiSize is missing or not positive, or maxRoiSize is
         *     smaller than roiSize
         */
        public RandSpatialCrop build() {
            validateKeys();
            Checks.spatialSize("roiSize", roi);
            if (maxRoi != null) {
                Checks.spatialSize("maxRoiSize", maxRoi);
                if (maxRoi[0] < roi[0] || maxRoi[1] < roi[1]) {
                    throw new IllegalArgumentException("maxRoiSize must be >= roiSize " + roi[0] + "×" + roi[1]
                            + ", got " + maxRoi[0] + "×" + maxRoi[1]);
                }
            }
            return new RandSpatialCrop(this);
        }
    }
}
