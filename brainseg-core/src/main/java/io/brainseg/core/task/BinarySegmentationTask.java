package io.brainseg.core.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import io.brainseg.core.batch.SampleBatch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One foreground class with a sigmoid: the network gives logits {@code N×1×H×W}, the loss takes
 * them as they are ({@code loss.evaluate(new NDList(mask), new NDList(logits))}), the prediction is
 * {@code sigmoid(logits) > threshold}, and the batch score is the Dice of the whole batch,
 * {@code 2·Σ(p·y) / (Σp + Σy)} (1 when both are empty).
 *
 * <p>Reads {@link SampleBatch#IMAGE} (float32 {@code N×C×H×W}) and {@link SampleBatch#MASK} (cast to
 * float32 if needed) unless other keys are set.
 */
public final class BinarySegmentationTask implements SegmentationTask {

    private final String imageKey;
    private final String labelKey;
    private final double threshold;

    private BinarySegmentationTask(Builder b) {
        this.imageKey = b.imageKey;
        this.labelKey = b.labelKey;
        this.threshold = b.threshold;
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the threshold on {@code sigmoid(logits)}.
     *
     * @return the threshold, in (0, 1)
     */
    public double getThreshold() {
        return threshold;
    }

    /**
     * Returns the key of the network input.
     *
     * @return the image key
     */
    public String getImageKey() {
        return imageKey;
    }

    /**
     * Returns the key of the target mask.
     *
     * @return the label key
     */
    public String getLabelKey() {
        return labelKey;
    }

    @Override
    public NDArray input(SampleBatch batch, String phase) {
        NDArray x = batch.get(imageKey);
        if (x.getDataType() != DataType.FLOAT32 || x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("the " + phase + " transforms must leave a float32 N×C×H×W '"
                    + imageKey + "', got " + x.getDataType() + " " + x.getShape()
                    + " (start the pipeline with a cast to float32 and scaling to 0..1)");
        }
        return x;
    }

    @Override
    public NDArray target(SampleBatch batch) {
        NDArray y = batch.get(labelKey);
        if (y.getDataType() != DataType.FLOAT32) {
            y = y.toType(DataType.FLOAT32, false);
            batch.set(labelKey, y);
        }
        return y;
    }

    @Override
    public NDArray computeLoss(Loss loss, NDArray target, NDArray logits) {
        return loss.evaluate(new NDList(target), new NDList(logits));
    }

    @Override
    public NDArray toProbabilities(NDArray logits) {
        return Activation.sigmoid(logits);
    }

    @Override
    public NDArray toPrediction(NDArray probabilities) {
        return probabilities.gt(threshold).toType(DataType.FLOAT32, false);
    }

    @Override
    public double batchScore(NDArray logits, NDArray target) {
        NDArray p = toPrediction(toProbabilities(logits));
        NDArray inter = p.mul(target).sum();
        NDArray denom = p.sum().add(target.sum());
        float[] v = NDArrays.stack(new NDList(inter, denom)).toFloatArray();
        return v[1] == 0 ? 1.0 : 2 * v[0] / v[1];
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imageKey", imageKey);
        m.put("labelKey", labelKey);
        m.put("threshold", threshold);
        return m;
    }

    @Override
    public String toString() {
        return "BinarySegmentationTask" + getConfig();
    }

    /** Builds a {@link BinarySegmentationTask}. */
    public static final class Builder {
        private String imageKey = SampleBatch.IMAGE;
        private String labelKey = SampleBatch.MASK;
        private double threshold = 0.5;

        private Builder() {}

        /**
         * Sets the threshold on {@code sigmoid(logits)} (default 0.5).
         *
         * @param threshold in (0, 1)
         * @return this builder
         */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets the batch keys of the input and the target (default {@code image}, {@code mask}).
         *
         * @param imageKey the input key
         * @param labelKey the target key
         * @return this builder
         */
        public Builder optKeys(String imageKey, String labelKey) {
            this.imageKey = imageKey;
            this.labelKey = labelKey;
            return this;
        }

        /**
         * Builds the task.
         *
         * @return the task
         * @throws IllegalArgumentException if the threshold is outside (0, 1) or a key is blank
         */
        public BinarySegmentationTask build() {
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
            }
            if (imageKey == null || imageKey.isBlank() || labelKey == null || labelKey.isBlank()) {
                throw new IllegalArgumentException(
                        "imageKey and labelKey must not be blank, got '" + imageKey + "', '" + labelKey + "'");
            }
            return new BinarySegmentationTask(this);
        }
    }
}
