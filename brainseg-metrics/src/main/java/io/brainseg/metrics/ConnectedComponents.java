package io.brainseg.metrics;

import java.util.BitSet;

/** Largest 3-D connected component of a stack of binary slices (host side, breadth-first search). */
final class ConnectedComponents {

    private ConnectedComponents() {}

    /**
     * Returns the largest component of {@code slices} (ties: the first found in slice, row, column
     * order) as one bit set per slice.
     *
     * @param slices one {@code height×width} bit set per slice, in slice order
     * @param numbers the slice numbers; slices {@code z} and {@code z+1} touch only when their
     *     numbers differ by 1
     * @param height slice height
     * @param width slice width
     * @param connectivity 6 or 26
     * @return the kept voxels, one bit set per slice
     */
    static BitSet[] largest(BitSet[] slices, int[] numbers, int height, int width, int connectivity) {
        int depth = slices.length;
        int plane = height * width;
        int[] label = new int[depth * plane];
        int[] queue = new int[depth * plane];
        int bestLabel = 0;
        int bestSize = 0;
        int next = 0;
        for (int z = 0; z < depth; z++) {
            for (int k = slices[z].nextSetBit(0); k >= 0; k = slices[z].nextSetBit(k + 1)) {
                int start = z * plane + k;
                if (label[start] != 0) {
                    continue;
                }
                next++;
                int size = 0;
                int head = 0;
                int tail = 0;
                queue[tail++] = start;
                label[start] = next;
                while (head < tail) {
                    int v = queue[head++];
                    size++;
                    int vz = v / plane;
                    int vi = (v % plane) / width;
                    int vj = v % width;
                    for (int dz = -1; dz <= 1; dz++) {
                        int nz = vz + dz;
                        if (nz < 0 || nz >= depth || (dz != 0 && Math.abs(numbers[nz] - numbers[vz]) != 1)) {
                            continue;
                        }
                        for (int di = -1; di <= 1; di++) {
                            for (int dj = -1; dj <= 1; dj++) {
                                int manhattan = Math.abs(dz) + Math.abs(di) + Math.abs(dj);
                                if (manhattan == 0 || (connectivity == 6 && manhattan > 1)) {
                                    continue;
                                }
                                int ni = vi + di;
                                int nj = vj + dj;
                                if (ni < 0 || ni >= height || nj < 0 || nj >= width) {
                                    continue;
                                }
                                int nk = ni * width + nj;
                                int u = nz * plane + nk;
                                if (label[u] == 0 && slices[nz].get(nk)) {
                                    label[u] = next;
                                    queue[tail++] = u;
                                }
                            }
                        }
                    }
                }
                if (size > bestSize) {
                    bestSize = size;
                    bestLabel = next;
                }
            }
        }
        BitSet[] kept = new BitSet[depth];
        for (int z = 0; z < depth; z++) {
            kept[z] = new BitSet(plane);
            for (int k = slices[z].nextSetBit(0); k >= 0; k = slices[z].nextSetBit(k + 1)) {
                if (label[z * plane + k] == bestLabel) {
                    kept[z].set(k);
                }
            }
        }
        return kept;
    }
}
