package io.brainseg.core.io;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * Orders names with embedded numbers by value, so {@code p_2.tif} comes before {@code p_10.tif}:
 * the dataset numbers slices without zero padding, and every place that lists slices (the
 * predictor's folders, the server's patient archives) must put them in the patient's order.
 */
public final class NaturalOrder implements Comparator<String> {

    /** The shared instance (the comparator has no state). */
    public static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {}

    /**
     * Compares runs of digits by value and everything else character by character; a name that is
     * a prefix of the other comes first, and {@code x_007} equals {@code x_7}.
     *
     * @param a a name
     * @param b another name
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     */
    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                int c = new BigInteger(a.substring(i, ei)).compareTo(new BigInteger(b.substring(j, ej)));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
