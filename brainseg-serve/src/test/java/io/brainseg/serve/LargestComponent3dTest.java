package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LargestComponent3dTest {

    /**
     * Reference: union-find over every pair of neighbouring foreground voxels, found by comparing
     * coordinates of all voxel pairs within distance one — a different algorithm from the flood fill.
     */
    private static byte[][] reference(List<byte[]> slices, int h, int w, int connectivity) {
        int d = slices.size();
        int n = d * h * w;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        List<int[]> fg = new ArrayList<>();
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (slices.get(z)[y * w + x] != 0) {
                        fg.add(new int[] {z, y, x});
                    }
                }
            }
        }
        for (int a = 0; a < fg.size(); a++) {
            for (int b = a + 1; b < fg.size(); b++) {
                int[] p = fg.get(a);
                int[] q = fg.get(b);
                int dz = Math.abs(p[0] - q[0]);
                int dy = Math.abs(p[1] - q[1]);
                int dx = Math.abs(p[2] - q[2]);
                boolean near = connectivity == 6 ? dz + dy + dx == 1 : Math.max(dz, Math.max(dy, dx)) == 1;
                if (near) {
                    union(parent, (p[0] * h + p[1]) * w + p[2], (q[0] * h + q[1]) * w + q[2]);
                }
            }
        }
        int[] size = new int[n];
        for (int[] p : fg) {
            size[find(parent, (p[0] * h + p[1]) * w + p[2])]++;
        }
        // The first root in scan order among the largest.
        int best = -1;
        for (int[] p : fg) {
            int r = find(parent, (p[0] * h + p[1]) * w + p[2]);
            if (best < 0 || size[r] > size[best]) {
                best = r;
            }
        }
        byte[][] out = new byte[d][h * w];
        for (int[] p : fg) {
            if (find(parent, (p[0] * h + p[1]) * w + p[2]) == best) {
                out[p[0]][p[1] * w + p[2]] = 1;
            }
        }
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    private static List<byte[]> random(long seed, int d, int h, int w, double density) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<byte[]> v = new ArrayList<>();
        for (int z = 0; z < d; z++) {
            byte[] s = new byte[h * w];
            for (int i = 0; i < s.length; i++) {
                s[i] = (byte) (rnd.nextDouble() < density ? 1 : 0);
            }
            v.add(s);
        }
        return v;
    }

    @ParameterizedTest(name = "seed {0}, {1}x{2}x{3}, density {4}, {5}-connected")
    @CsvSource({
        "1, 4, 9, 11, 0.25, 6",
        "2, 4, 9, 11, 0.25, 26",
        "3, 6, 7, 5, 0.4, 6",
        "4, 6, 7, 5, 0.4, 26",
        "5, 1, 12, 12, 0.5, 26",
        "6, 3, 8, 8, 0.1, 26",
        "7, 5, 6, 6, 0.3, 6"
    })
    void keepsTheSameComponentAsAUnionFindReference(long seed, int d, int h, int w, double density, int conn) {
        List<byte[]> v = random(seed, d, h, w, density);
        byte[][] got = LargestComponent3d.keep(v, h, w, conn);
        byte[][] want = reference(v, h, w, conn);
        for (int z = 0; z < d; z++) {
            assertThat(got[z]).as("slice %d", z).containsExactly(want[z]);
        }
    }

    @Test
    void diagonalNeighboursAcrossSlicesJoinOnlyWith26Connectivity() {
        // Voxels (0,0,0), (1,1,1): a corner apart. Plus a 2-voxel blob elsewhere in slice 0.
        byte[] s0 = new byte[9];
        byte[] s1 = new byte[9];
        s0[0] = 1;
        s1[4] = 1;
        s0[7] = 1;
        s0[8] = 1;
        byte[][] six = LargestComponent3d.keep(List.of(s0, s1), 3, 3, 6);
        assertThat(six[0]).containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1);
        assertThat(six[1]).containsOnly(0);
        byte[][] all = LargestComponent3d.keep(List.of(s0, s1), 3, 3, 26);
        // 26-connected: {(0,0,0),(1,1,1)} and {(0,2,1),(0,2,2)} touch too ((1,1,1)-(0,2,1) is an edge
        // neighbour), so all four voxels form one component.
        assertThat(all[0]).containsExactly(1, 0, 0, 0, 0, 0, 0, 1, 1);
        assertThat(all[1]).containsExactly(0, 0, 0, 0, 1, 0, 0, 0, 0);
    }

    @Test
    void anEmptyVolumeStaysEmptyAndBadConnectivityIsRefused() {
        assertThat(LargestComponent3d.keep(List.of(new byte[4]), 2, 2, 26)[0]).containsOnly(0);
        assertThatThrownBy(() -> LargestComponent3d.keep(List.of(new byte[4]), 2, 2, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8");
    }
}
