package io.brainseg.metrics.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import io.brainseg.core.config.Configurable;
import io.brainseg.core.engine.Scalars;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Soft Dice loss with MONAI's {@code DiceLoss} semantics (sigmoid variant).
 *
 * <p>With {@code p = sigmoid(x)} (or {@code p = x} when {@code sigmoid} is off) and target
 * {@code t}, per (b, c), summing over the spatial axes (and over the batch too when {@code batch}
 * is on): {@code I = Σ p·t}, {@code G = Σ t}, {@code P = Σ p} ({@code Σ t²}, {@code Σ p²} with
 * {@code squaredPred}). Then
 * <pre>  loss = 1 − (2I + smoothNr) / (G + P + smoothDr)</pre>
 * and with {@code jaccard} the denominator is {@code 2(G + P − I) + smoothDr}. An empty target
 * gives a loss near 1 unless {@code p} is near 0 everywhere.
 *
 * <p><b>Argument order.</b> {@link #evaluate(NDList, NDList)} follows DJL's convention,
 * <em>labels first</em>: {@code evaluate(new NDList(target), new NDList(logits))}.
 * {@link #loss(NDArray, NDArray)} takes them the MONAI way round (input, target).
 *
 * <p>Shapes: input and target {@code B×C×H×W} (any number of spatial axes). The result is a
 * scalar for {@link LossReduction#MEAN} / {@link LossReduction#SUM}, {@code B×C×1×1} for
 * {@link LossReduction#NONE} ({@code 1×C×1×1} with {@code batch}). Computed in float32 (float64
 * inputs stay float64).
 */
public final class DiceLoss extends Loss implements Configurable {

    private final boolean sigmoid;
    private final boolean squaredPred;
    private final boolean jaccard;
    private final double smoothNr;
    private final double smoothDr;
    private final boolean batch;
    private final boolean includeBackground;
    private final LossReduction reduction;

    private DiceLoss(Builder b) {
        super(b.name);
        this.sigmoid = b.sigmoid;
        this.squaredPred = b.squaredPred;
        this.jaccard = b.jaccard;
        this.smoothNr = b.smoothNr;
        this.smoothDr = b.smoothDr;
        this.batch = b.batch;
        this.includeBackground = b.includeBackground;
        this.reduction = b.reduction;
    }

    /**
     * Returns a builder with MONAI's defaults except {@code sigmoid=true} (the project's models
     * emit logits).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Computes the loss, labels first (DJL's convention).
     *
     * @param labels one array: the target {@code B×C×H×W} in [0, 1]
     * @param predictions one array: the logits (or probabilities when sigmoid is off), same shape
     * @return the reduced loss, on the predictions' manager
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return loss(LossSupport.single(predictions, "predictions"), LossSupport.single(labels, "labels"));
    }

    /**
     * Computes the loss, input first (MONAI's order).
     *
     * @param input logits (or probabilities when sigmoid is off), {@code B×C×H×W}
     * @param target target of the same shape
     * @return the reduced loss
     * @throws IllegalArgumentException if the shapes differ
     */
    public NDArray loss(NDArray input, NDArray target) {
        LossSupport.checkShapes(input, target);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray result = unscoped(input, target);
            NDScope.unregister(result);
            return result;
        }
    }

    /** Returns the reduced loss; the caller owns the scope that frees the intermediates. */
    NDArray unscoped(NDArray input, NDArray target) {
        return reduce(perChannel(input, target), input.getShape());
    }

    /**
     * Returns the unreduced Dice loss, {@code B×C} ({@code C} with {@code batch}); the caller owns
     * the scope that frees the intermediates.
     */
    NDArray perChannel(NDArray input, NDArray target) {
        NDArray x = LossSupport.toCompute(input);
        NDArray t = target.toType(x.getDataType(), false);
        NDArray p = sigmoid ? Activation.sigmoid(x) : x;
        p = LossSupport.flatten3(LossSupport.dropBackground(p, includeBackground, getName()));
        t = LossSupport.flatten3(LossSupport.dropBackground(t, includeBackground, getName()));
        int[] axes = batch ? new int[] {0, 2} : new int[] {2};
        NDArray intersection = p.mul(t).sum(axes);
        NDArray ground = squaredPred ? t.square().sum(axes) : t.sum(axes);
        NDArray predicted = squaredPred ? p.square().sum(axes) : p.sum(axes);
        NDArray denominator = ground.add(predicted);
        if (jaccard) {
            denominator = denominator.sub(intersection).mul(Scalars.like(denominator, 2));
        }
        return intersection
                .mul(Scalars.like(intersection, 2))
                .add((float) smoothNr)
                .div(denominator.add((float) smoothDr))
                .neg()
                .add(1);
    }

    private NDArray reduce(NDArray f, Shape inputShape) {
        switch (reduction) {
            case MEAN:
                return f.sum().div(Scalars.like(f, f.size()));
            case SUM:
                return f.sum();
            default:
                long[] dims = new long[inputShape.dimension()];
                Arrays.fill(dims, 1);
                dims[1] = batch ? f.getShape().get(0) : f.getShape().get(1);
                if (!batch) {
                    dims[0] = f.getShape().get(0);
                }
                return f.reshape(new Shape(dims));
        }
    }

    /**
     * Returns the reduction.
     *
     * @return the reduction
     */
    public LossReduction getReduction() {
        return reduction;
    }

    /**
     * Describes every setting for a run's {@code config.json} (a resume refuses a loss whose
     * description differs).
     *
     * @return the settings by name
     */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", getName());
        m.put("sigmoid", sigmoid);
        m.put("squaredPred", squaredPred);
        m.put("jaccard", jaccard);
        m.put("smoothNr", smoothNr);
        m.put("smoothDr", smoothDr);
        m.put("batch", batch);
        m.put("includeBackground", includeBackground);
        m.put("reduction", String.valueOf(reduction));
        return m;
    }

    /** Builder of {@link DiceLoss}; every setting is optional. */
    public static final class Builder {
        private String name = "DiceLoss";
        private boolean sigmoid = true;
        private boolean squaredPred;
        private boolean jaccard;
        private double smoothNr = 1e-5;
        private double smoothDr = 1e-5;
        private boolean batch;
        private boolean includeBackground = true;
        private LossReduction reduction = LossReduction.MEAN;

        private Builder() {}

        /**
         * Sets the name reported by DJL's evaluator API (default {@code DiceLoss}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Applies a sigmoid to the input first (default true); off means the input is probabilities.
         *
         * @param sigmoid whether to apply the sigmoid
         * @return this builder
         */
        public Builder optSigmoid(boolean sigmoid) {
            this.sigmoid = sigmoid;
            return this;
        }

        /**
         * Uses {@code Σp²} and {@code Σt²} in the denominator (default false).
         *
         * @param squaredPred whether to square
         * @return this builder
         */
        public Builder optSquaredPred(boolean squaredPred) {
            this.squaredPred = squaredPred;
            return this;
        }

        /**
         * Computes the Jaccard (IoU) loss instead of Dice (default false).
         *
         * @param jaccard whether to use Jaccard
         * @return this builder
         */
        public Builder optJaccard(boolean jaccard) {
            this.jaccard = jaccard;
            return this;
        }

        /**
         * Sets the numerator smoothing (default 1e-5).
         *
         * @param smoothNr a finite value >= 0
         * @return this builder
         */
        public Builder optSmoothNr(double smoothNr) {
            this.smoothNr = smoothNr;
            return this;
        }

        /**
         * Sets the denominator smoothing (default 1e-5).
         *
         * @param smoothDr a finite value >= 0
         * @return this builder
         */
        public Builder optSmoothDr(double smoothDr) {
            this.smoothDr = smoothDr;
            return this;
        }

        /**
         * Sums over the batch before dividing, one Dice per channel (default false).
         *
         * @param batch whether to pool the batch
         * @return this builder
         */
        public Builder optBatch(boolean batch) {
            this.batch = batch;
            return this;
        }

        /**
         * Keeps channel 0 (default true); ignored on single-channel inputs, as in MONAI.
         *
         * @param includeBackground whether to keep channel 0
         * @return this builder
         */
        public Builder optIncludeBackground(boolean includeBackground) {
            this.includeBackground = includeBackground;
            return this;
        }

        /**
         * Sets the reduction (default {@link LossReduction#MEAN}).
         *
         * @param reduction the reduction
         * @return this builder
         */
        public Builder optReduction(LossReduction reduction) {
            this.reduction = Objects.requireNonNull(reduction, "reduction");
            return this;
        }

        /**
         * Builds the loss.
         *
         * @return the loss
         * @throws IllegalArgumentException if a smoothing term is negative or not finite
         */
        public DiceLoss build() {
            LossSupport.checkNonNegative("smoothNr", smoothNr);
            LossSupport.checkNonNegative("smoothDr", smoothDr);
            return new DiceLoss(this);
        }
    }
}
