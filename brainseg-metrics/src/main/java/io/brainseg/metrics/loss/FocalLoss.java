package io.brainseg.metrics.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import io.brainseg.core.config.Configurable;
import io.brainseg.core.engine.Scalars;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Sigmoid focal loss with MONAI's {@code FocalLoss} semantics. It always takes raw logits.
 *
 * <p>Element-wise, for logit {@code x} and target {@code t}:
 * <pre>  ℓ = (x − x·t − logσ(x)) · exp(γ · logσ(−x·(2t − 1)))</pre>
 * that is binary cross-entropy with logits times {@code (1 − p_t)^γ}, with {@code logσ(z)}
 * computed as {@code −softplus(−z)} so that logits of ±100 give finite values and gradients.
 * With {@code alpha} set, ℓ is multiplied by {@code α·t + (1 − α)(1 − t)}; the default has no
 * α-balancing (torchvision's default is α = 0.25).
 *
 * <p>Reductions: {@link LossReduction#MEAN} averages all {@code B·C·H·W} elements;
 * {@link LossReduction#SUM} follows MONAI: mean over the spatial axes, then sum over {@code B}
 * and {@code C}; {@link LossReduction#NONE} returns {@code B×C×H×W}.
 *
 * <p><b>Argument order.</b> {@link #evaluate(NDList, NDList)} is DJL's, <em>labels first</em>;
 * {@link #loss(NDArray, NDArray)} is MONAI's (input, target).
 */
public final class FocalLoss extends Loss implements Configurable {

    private final double gamma;
    private final Double alpha;
    private final boolean includeBackground;
    private final LossReduction reduction;

    private FocalLoss(Builder b) {
        super(b.name);
        this.gamma = b.gamma;
        this.alpha = b.alpha;
        this.includeBackground = b.includeBackground;
        this.reduction = b.reduction;
    }

    /**
     * Returns a builder with MONAI's defaults (γ = 2, no α, mean).
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
     * @param predictions one array: the logits, same shape
     * @return the reduced loss
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return loss(LossSupport.single(predictions, "predictions"), LossSupport.single(labels, "labels"));
    }

    /**
     * Computes the loss, input first (MONAI's order).
     *
     * @param logits logits {@code B×C×H×W}
     * @param target target of the same shape
     * @return the reduced loss
     * @throws IllegalArgumentException if the shapes differ
     */
    public NDArray loss(NDArray logits, NDArray target) {
        LossSupport.checkShapes(logits, target);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray result = unscoped(logits, target);
            NDScope.unregister(result);
            return result;
        }
    }

    /** Returns the reduced loss; the caller owns the scope that frees the intermediates. */
    NDArray unscoped(NDArray logits, NDArray target) {
        return reduce(elementwise(logits, target));
    }

    /** Returns the unreduced focal map; the caller owns the scope that frees intermediates. */
    NDArray elementwise(NDArray logits, NDArray target) {
        NDArray x = LossSupport.dropBackground(LossSupport.toCompute(logits), includeBackground, getName());
        NDArray t = LossSupport.dropBackground(target.toType(x.getDataType(), false), includeBackground, getName());
        // x − x·t − logσ(x) = softplus(x) − x·t
        NDArray xt = x.mul(t);
        NDArray loss = Activation.softPlus(x).sub(xt);
        if (gamma != 0) {
            // exp(γ·logσ(−z)) with z = x·(2t − 1) = 2·x·t − x; for the default γ = 2 the same value
            // is σ(−z)², two cheap ops instead of three transcendental ones
            NDArray z = xt.mul(Scalars.like(xt, 2)).sub(x);
            NDArray modulating = gamma == 2.0
                    ? Activation.sigmoid(z.neg()).square()
                    : LossSupport.logSigmoid(z.neg())
                            .mul(Scalars.like(z, gamma))
                            .exp();
            loss = loss.mul(modulating);
        }
        if (alpha != null) {
            float a = alpha.floatValue();
            loss = loss.mul(t.mul(Scalars.like(t, a)).add(t.neg().add(1).mul(Scalars.like(t, 1 - a))));
        }
        return loss;
    }

    private NDArray reduce(NDArray loss) {
        switch (reduction) {
            case MEAN:
                return loss.sum().div(Scalars.like(loss, loss.size()));
            case SUM:
                NDArray flat = LossSupport.flatten3(loss);
                return flat.sum().div(Scalars.like(flat, flat.getShape().get(2)));
            default:
                return loss;
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
        m.put("gamma", gamma);
        if (alpha != null) {
            m.put("alpha", alpha);
        }
        m.put("includeBackground", includeBackground);
        m.put("reduction", String.valueOf(reduction));
        return m;
    }

    /** Builder of {@link FocalLoss}; every setting is optional. */
    public static final class Builder {
        private String name = "FocalLoss";
        private double gamma = 2.0;
        private Double alpha;
        private boolean includeBackground = true;
        private LossReduction reduction = LossReduction.MEAN;

        private Builder() {}

        /**
         * Sets the name reported by DJL's evaluator API (default {@code FocalLoss}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the focusing parameter γ (default 2; 0 gives plain BCE-with-logits).
         *
         * @param gamma a finite value >= 0
         * @return this builder
         */
        public Builder optGamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        /**
         * Sets the α-balancing weight of the positive class, or null for none (the default).
         *
         * @param alpha a value in [0, 1] or null
         * @return this builder
         */
        public Builder optAlpha(Double alpha) {
            this.alpha = alpha;
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
         * @throws IllegalArgumentException if γ is negative or α lies outside [0, 1]
         */
        public FocalLoss build() {
            LossSupport.checkNonNegative("gamma", gamma);
            if (alpha != null && !(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha must lie in [0, 1] or be null, got " + alpha);
            }
            return new FocalLoss(this);
        }
    }
}
