package io.brainseg.metrics;

import java.util.BitSet;

/**
 * Component filters of a stack of binary slices in 3-D (host side, breadth-first search): the
 * largest component (MONAI's {@code KeepLargestConnectedComponent}) and the components of at least
 * a given size (MONAI's {@code RemoveSmallObjects}).
 */
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
        return filter(slices, numbers, height, width, connectivity, 0, true);
    }

    /**
     * Keeps the components of {@code slices} that have at least {@code minSize} voxels; with
     * {@code largestOnly}, of those only the largest (ties: the first found in slice, row, column
     * order).
     *
     * @param slices one {@code height×width} bit set per slice, in slice order
     * @param numbers the slice numbers; slices {@code z} and {@code z+1} touch only when their
     *     numbers differ by 1
     * @param height slice height
     * @param width slice width
     * @param connectivity 6 or 26
     * @param minSize the smallest component kept, in voxels (0 or 1: every component)
     * @param largestOnly whether to keep only the largest remaining component
     * @return the kept voxels, one bit set per slice
     */
    static BitSet[] filter(
            BitSet[] slices, int[] numbers, int height, int width, int connectivity, int minSize, boolean largestOnly) {
        int depth = slices.length;
        int plane = height * width;
        int[] label = new int[depth * plane];
        int[] queue = new int[depth * plane];
        // sizes[l] is the voxel count of label l (labels start at 1)
        int[] sizes = new int[16];
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
                if (next >= sizes.length) {
                    sizes = java.util.Arrays.copyOf(sizes, 2 * next);
                }
                sizes[next] = size;
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
                int l = label[z * plane + k];
                boolean keep = sizes[l] >= minSize && (!largestOnly || l == bestLabel);
                if (keep) {
                    kept[z].set(k);
                }
            }
        }
        return kept;
    }
}
