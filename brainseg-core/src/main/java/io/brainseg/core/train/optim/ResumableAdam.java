package io.brainseg.core.train.optim;

/**
 * Classic Adam (Kingma &amp; Ba; PyTorch's {@code torch.optim.Adam}) with L2 weight decay, with a
 * state that can be saved and restored for an exact resume.
 *
 * <p>For step {@code t}, gradient {@code g}, weight {@code w} and learning rate {@code lr}:
 * <pre>
 *   g ← g + λ·w                            (L2 decay: part of the gradient)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   w ← w − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 * The bias corrections {@code 1 − β^t} undo the zero start of the moments, which would otherwise
 * make the first steps far too small. Defaults match PyTorch: β1 0.9, β2 0.999, ε 1e-8, λ 0. Prefer
 * {@link ResumableAdamW} when you want weight decay (see there why).
 *
 * <p>This object is an immutable description; {@link #newState} creates the per-run moments.
 */
public final class ResumableAdam extends AdamFamily {

    /** The type name in {@code config.json}. */
    public static final String TYPE = "Adam";

    private ResumableAdam(Builder b) {
        super(TYPE, b, false);
    }

    /**
     * Returns a builder (λ = 0 unless set).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ResumableAdam}. */
    public static final class Builder extends AdamBuilder<Builder> {

        private Builder() {
            super(0);
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
        public ResumableAdam build() {
            return new ResumableAdam(this);
        }
    }
}
