package io.brainseg.core.train.optim;

/**
 * The settings {@link ResumableAdamW} and {@link ResumableAdam} share: the moment decay rates, ε
 * and the weight decay λ. Defaults are PyTorch's: β1 0.9, β2 0.999, ε 1e-8.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class AdamBuilder<B extends AdamBuilder<B>> {

    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    double weightDecay;

    AdamBuilder(double weightDecay) {
        this.weightDecay = weightDecay;
    }

    /**
     * Returns this builder as its concrete type.
     *
     * @return this builder
     */
    protected abstract B self();

    /**
     * Sets the moment decay rates.
     *
     * @param beta1 first-moment decay β1, in [0, 1)
     * @param beta2 second-moment decay β2, in [0, 1)
     * @return this builder
     */
    public B optBetas(double beta1, double beta2) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        return self();
    }

    /**
     * Sets ε, added to the denominator so a parameter with no gradient history does not divide by 0.
     *
     * @param epsilon a positive number
     * @return this builder
     */
    public B optEpsilon(double epsilon) {
        this.epsilon = epsilon;
        return self();
    }

    /**
     * Sets the weight decay λ.
     *
     * @param weightDecay λ &ge; 0
     * @return this builder
     */
    public B optWeightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return self();
    }

    /** Checks every setting, naming the first out of range. */
    void validate() {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
    }
}
