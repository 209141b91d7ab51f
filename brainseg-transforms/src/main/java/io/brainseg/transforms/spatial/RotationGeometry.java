package io.brainseg.transforms.spatial;

/**
 * The sampling geometry of MONAI's {@code Rotate} in pixel coordinates. For output pixel (i, j),
 * with {@code c_in = (in − 1)/2} and {@code c_out = (out − 1)/2} per axis, the input position is
 * <pre>
 *   si = cos θ·(i − c_out,r) − sin θ·(j − c_out,c) + c_in,r
 *   sj = sin θ·(i − c_out,r) + cos θ·(j − c_out,c) + c_in,c
 * </pre>
 * (R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]] acting on (row, col)).
 */
final class RotationGeometry {

    private RotationGeometry() {}

    /**
     * MONAI's output size with {@code keep_size=False}: {@code int(ptp(R·corners) + 0.5)} per axis,
     * with corners at 0 and the size (16×16 at 0.3 rad gives 20×20).
     *
     * @param h input rows
     * @param w input columns
     * @param angle the angle in radians
     * @return {rows, cols}
     */
    static int[] expandedSize(int h, int w, double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double[] rows = new double[4];
        double[] cols = new double[4];
        int k = 0;
        for (int a : new int[] {0, h}) {
            for (int b : new int[] {0, w}) {
                rows[k] = c * a - s * b;
                cols[k] = s * a + c * b;
                k++;
            }
        }
        return new int[] {(int) (ptp(rows) + 0.5), (int) (ptp(cols) + 0.5)};
    }

    private static double ptp(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return max - min;
    }
}
