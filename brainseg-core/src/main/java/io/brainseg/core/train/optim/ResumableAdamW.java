package io.brainseg.core.train.optim;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay
 * Regularization"; PyTorch's {@code torch.optim.AdamW}), with a state that can be saved and
 * restored for an exact resume.
 *
 * <p>brainseg carries its own implementation because the trainer must save and restore the moment
 * estimates, and DJL's {@code ai.djl.training.optimizer.AdamW} keeps them private. For step
 * {@code t}, gradient {@code g}, weight {@code w} and learning rate {@code lr}:
 * <pre>
 *   w ← w·(1 − lr·λ)                       (decay applied to the weight, not the gradient)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   w ← w − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 * Decoupling matters with adaptive rates: an L2 term added to {@code g} (classic {@link ResumableAdam})
 * is divided by {@code √v} like the gradient, so weights with large gradients are barely decayed;
 * here every weight shrinks by the same factor {@code 1 − lr·λ}. Defaults match PyTorch: β1 0.9,
 * β2 0.999, ε 1e-8, λ 0.01.
 *
 * <p>This object is an immutable description; {@link #newState} creates the per-run moments.
 */
public final class ResumableAdamW extends AdamFamily {

    /** The type name in {@code config.json}. */
    public static final String TYPE = "AdamW";

    private ResumableAdamW(Builder b) {
        super(TYPE, b, true);
    }

    /**
     * Returns a builder (λ = 0.01 unless set).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ResumableAdamW}. */
    public static final class Builder extends AdamBuilder<Builder> {

        private Builder() {
            super(0.01);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalArgumentException if a setting is out of range (named in the message)
         */
        public ResumableAdamW build() {
            return new ResumableAdamW(this);
        }
    }
}
