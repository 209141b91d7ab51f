package io.brainseg.models.blocks;

/**
 * The root of the block builders, in DJL's style ({@code BaseBuilder<T extends BaseBuilder<T>>}):
 * every setter returns {@link #self()}, so the shared setters of the subclasses chain with the
 * block's own ones, and every {@code build()} reports a bad setting the same way, as
 * {@code "<Block>: invalid <setting> = <value>"}.
 *
 * <p>Subclasses are the builders of this package; each keeps its own defaults (the base classes
 * take them as constructor arguments instead of imposing one).
 *
 * @param <T> the concrete builder
 */
public abstract class BlockBuilder<T extends BlockBuilder<T>> {

    private final String block;

    /**
     * Creates a builder for the block called {@code block} in its messages.
     *
     * @param block the block's class name, e.g. {@code "Conv2dLayer"}
     */
    BlockBuilder(String block) {
        this.block = block;
    }

    /**
     * Returns this builder as its concrete type, for chaining.
     *
     * @return this
     */
    protected abstract T self();

    /**
     * Rejects a setting naming the block, the setting and its value.
     *
     * @param ok whether the value is valid
     * @param setting the setting's name, e.g. {@code "stride"}
     * @param value the value set
     * @throws IllegalArgumentException {@code "<Block>: invalid <setting> = <value>"} when not ok
     */
    protected final void require(boolean ok, String setting, Object value) {
        if (!ok) {
            throw invalid(setting + " = " + value);
        }
    }

    /**
     * Rejects a dropout rate outside {@code [0, 1)} (NaN included).
     *
     * @param dropout the rate set
     * @throws IllegalArgumentException naming the block and the rate
     */
    protected final void requireDropout(double dropout) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw invalid("dropout = " + dropout + " (must be in [0, 1))");
        }
    }

    /**
     * Rejects a missing (null) setting.
     *
     * @param value the value set
     * @param setting the setting's name, e.g. {@code "act"}
     * @throws IllegalArgumentException {@code "<Block>: <setting> must not be null"} when null
     */
    protected final void requireNonNull(Object value, String setting) {
        if (value == null) {
            throw new IllegalArgumentException(block + ": " + setting + " must not be null");
        }
    }

    private IllegalArgumentException invalid(String what) {
        return new IllegalArgumentException(block + ": invalid " + what);
    }
}
