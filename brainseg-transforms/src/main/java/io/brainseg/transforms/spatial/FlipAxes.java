package io.brainseg.transforms.spatial;

import java.util.Arrays;

/** Maps MONAI's spatial flip axes (0 = rows, 1 = columns; null = all) to {@code N×C×H×W} axes. */
final class FlipAxes {

    private FlipAxes() {}

    static int[] toArrayAxes(int[] spatialAxes) {
        if (spatialAxes == null) {
            return new int[] {2, 3};
        }
        return Arrays.stream(spatialAxes).map(a -> a + 2).toArray();
    }

    static int[] validate(int[] spatialAxes) {
        if (spatialAxes == null) {
            return null;
        }
        if (spatialAxes.length == 0) {
            throw new IllegalArgumentException("spatialAxis must name at least one axis, got []");
        }
        int[] copy = spatialAxes.clone();
        for (int i = 0; i < copy.length; i++) {
            int a = copy[i] < 0 ? copy[i] + 2 : copy[i];
            if (a < 0 || a > 1) {
                throw new IllegalArgumentException(
                        "spatialAxis must be 0 (rows), 1 (columns) or" + " -1/-2, got " + Arrays.toString(spatialAxes));
            }
            copy[i] = a;
        }
        return Arrays.stream(copy).distinct().toArray();
    }
}
