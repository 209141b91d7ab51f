package io.brainseg.transforms.base;

/** Argument checks shared by the builders; each message names the setting and the value. */
public final class Checks {

    private Checks() {}

    /**
     * Checks that {@code value} is finite.
     *
     * @param setting the setting name
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException if it is NaN or infinite
     */
    public static double finite(String setting, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(setting + " must be finite, got " + value);
        }
        return value;
    }

    /**
     * Checks that {@code value} is finite and not negative.
     *
     * @param setting the setting name
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException if it is negative, NaN or infinite
     */
    public static double nonNegative(String setting, double value) {
        finite(setting, value);
        if (value < 0) {
            throw new IllegalArgumentException(setting + " must be >= 0, got " + value);
        }
        return value;
    }

    /**
     * Checks that a probability lies in [0, 1].
     *
     * @param value the probability
     * @return the value
     * @throws IllegalArgumentException naming {@code prob} otherwise
     */
    public static double probability(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("prob must be in [0, 1], got " + value);
        }
        return value;
    }

    /**
     * Checks a two-element spatial size of positive integers.
     *
     * @param setting the setting name
     * @param size the size (rows, cols)
     * @return a copy
     * @throws IllegalArgumentException if null, not of length 2, or not positive
     */
    public static int[] spatialSize(String setting, int[] size) {
        if (size == null || size.length != 2) {
            throw new IllegalArgumentException(setting + " must hold 2 values (rows, cols), got "
                    + (size == null ? "null" : java.util.Arrays.toString(size)));
        }
        if (size[0] <= 0 || size[1] <= 0) {
            throw new IllegalArgumentException(setting + " must be positive, got " + java.util.Arrays.toString(size));
        }
        return size.clone();
    }
}
