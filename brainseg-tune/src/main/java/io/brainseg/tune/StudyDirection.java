package io.brainseg.tune;

/** Whether a study looks for the largest or the smallest objective value. */
public enum StudyDirection {
    /** Larger is better (e.g. Dice). */
    MAXIMIZE,
    /** Smaller is better (e.g. a loss). */
    MINIMIZE;

    /**
     * Tells whether {@code a} is strictly better than {@code b}; NaN is never better and anything is
     * better than NaN.
     *
     * @param a a value
     * @param b another value
     * @return true if {@code a} is better
     */
    public boolean isBetter(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return this == MAXIMIZE ? a > b : a < b;
    }

    /**
     * Returns the sign that turns this direction into minimisation (+1 for MINIMIZE, -1 for
     * MAXIMIZE), as TPE ranks trials by {@code sign · value}.
     *
     * @return the sign
     */
    public double minimizationSign() {
        return this == MINIMIZE ? 1.0 : -1.0;
    }
}
