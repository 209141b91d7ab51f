package io.brainseg.serve;

import java.util.List;

/**
 * Keeps the largest connected component of a binary volume (a patient's slices stacked along z),
 * as MONAI's {@code KeepLargestConnectedComponent} and brainseg's {@code evaluate} do: tumour is one
 * blob, so small islands elsewhere are usually false positives.
 *
 * <p>Connectivity 6 joins voxels sharing a face, 26 (the default of {@code evaluate}) also those
 * sharing an edge or a corner. Components are found by a breadth-first flood fill in scan order
 * ({@code z}, then {@code y}, then {@code x}); of equally large components the first found is kept.
 * Time and memory are linear in the number of voxels.
 */
public final class LargestComponent3d {

    private LargestComponent3d() {}

    /**
     * Returns the largest component.
     *
     * @param slices the volume, {@code Z} arrays of {@code H·W} bytes (non-zero = foreground)
     * @param height H
     * @param width W
     * @param connectivity 6 or 26
     * @return new arrays of 0 and 1 holding only the largest component (all 0 if there is none)
     * @throws IllegalArgumentException if the connectivity is not 6 or 26, or a slice has the wrong
     *     length
     */
    public static byte[][] keep(List<byte[]> slices, int height, int width, int connectivity) {
        if (connectivity != 6 && connectivity != 26) {
            throw new IllegalArgumentException("connectivity must be 6 or 26, got " + connectivity);
        }
        int depth = slices.size();
        int plane = height * width;
        for (byte[] s : slices) {
            if (s.length != plane) {
                throw new IllegalArgumentException(
                        "a slice has " + s.length + " pixels, expected " + height + "×" + width + " = " + plane);
            }
        }
        int n = depth * plane;
        int[] label = new int[n];
        int[] queue = new int[n];
        int bestLabel = 0;
        int bestSize = 0;
        int next = 0;
        for (int start = 0; start < n; start++) {
            if (label[start] != 0 || slices.get(start / plane)[start % plane] == 0) {
                continue;
            }
            int id = ++next;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            label[start] = id;
            while (head < tail) {
                int v = queue[head++];
                int z = v / plane;
                int y = (v % plane) / width;
                int x = v % width;
                for (int dz = -1; dz <= 1; dz++) {
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int steps = Math.abs(dz) + Math.abs(dy) + Math.abs(dx);
                            if (steps == 0 || (connectivity == 6 && steps > 1)) {
                                continue;
                            }
                            int zz = z + dz;
                            int yy = y + dy;
                            int xx = x + dx;
                            if (zz < 0 || zz >= depth || yy < 0 || yy >= height || xx < 0 || xx >= width) {
                                continue;
                            }
                            int u = zz * plane + yy * width + xx;
                            if (label[u] == 0 && slices.get(zz)[yy * width + xx] != 0) {
                                label[u] = id;
                                queue[tail++] = u;
                            }
                        }
                    }
                }
            }
            if (tail > bestSize) {
                bestSize = tail;
                bestLabel = id;
            }
        }
        byte[][] out = new byte[depth][plane];
        if (bestLabel != 0) {
            for (int v = 0; v < n; v++) {
                if (label[v] == bestLabel) {
                    out[v / plane][v % plane] = 1;
                }
            }
        }
        return out;
    }
}
