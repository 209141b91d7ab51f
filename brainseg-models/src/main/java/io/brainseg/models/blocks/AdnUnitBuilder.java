package io.brainseg.models.blocks;

/**
 * A {@link ConvUnitBuilder} whose ADN units' activation and normalisation are settable
 * ({@link Convolution}, {@link ResidualUnit}), with MONAI's defaults {@link Act#PRELU} and
 * {@link Norm#INSTANCE}.
 *
 * @param <T> the concrete builder
 */
public abstract class AdnUnitBuilder<T extends AdnUnitBuilder<T>> extends ConvUnitBuilder<T> {

    Act act = Act.PRELU;
    Norm norm = Norm.INSTANCE;

    /**
     * Creates a builder with MONAI's defaults.
     *
     * @param block the block's name in messages
     */
    AdnUnitBuilder(String block) {
        super(block);
    }

    /**
     * Sets the activation of the ADN units (default {@link Act#PRELU}).
     *
     * @param act the activation
     * @return this builder
     */
    public T optAct(Act act) {
        this.act = act;
        return self();
    }

    /**
     * Sets the normalisation of the ADN units (default {@link Norm#INSTANCE}).
     *
     * @param norm the normalisation
     * @return this builder
     */
    public T optNorm(Norm norm) {
        this.norm = norm;
        return self();
    }

    /** Checks the unit's settings and that act and norm are set. */
    final void validateAdnUnit() {
        validateUnit();
        requireNonNull(act, "act");
        requireNonNull(norm, "norm");
    }
}
