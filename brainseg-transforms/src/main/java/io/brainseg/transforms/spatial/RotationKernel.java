package io.brainseg.transforms.spatial;

import io.brainseg.transforms.base.RowEpilogue;
import java.nio.FloatBuffer;

/**
 * The per-sample rotation loop shared by {@link CpuRotation} and {@link SpatialPlan}, so the
 * fused and the sequential paths compute bit-identical values. Output pixel (p, q) is pixel
 * (i, j) = (p + rowOffset, q + colOffset) of the rotated image, whose input position is
 * {@code si = cos·(i − c_out,r) − sin·(j − c_out,c) + c_in,r},
 * {@code sj = sin·(i − c_out,r) + cos·(j − c_out,c) + c_in,c}; taps are then mirrored by the
 * sample's flips. Per output row, taps and weights are computed once into small arrays and
 * applied to every channel, and each channel row is written with one bulk put.
 *
 * <p>The source is either float values or UINT8 bytes read through a 256-entry table (the fused
 * cast and intensity map of {@link io.brainseg.transforms.Compose}); the table holds exactly the
 * floats the sequential path would have read, so both give the same result.
 */
final class RotationKernel {

    private final float[] src;
    private final byte[] bytes;
    private final float[] table;
    private final FloatBuffer dst;
    private final int ch;
    private final int h;
    private final int w;
    private final int outH;
    private final int outW;
    private final double cor;
    private final double coc;
    private final boolean bilinear;
    private final boolean border;

    /**
     * Creates the kernel for one batch.
     *
     * @param src input values, {@code N×C×h×w}, or null when reading {@code bytes}
     * @param bytes input bytes, {@code N×C×h×w}, or null when reading {@code src}
     * @param table the value of each byte (256 entries), or null with {@code src}
     * @param dst output memory, {@code N×C×outH×outW}
     * @param ch channels
     * @param h input rows
     * @param w input columns
     * @param outH output rows
     * @param outW output columns
     * @param rotatedH rows of the rotated image (its centre is {@code (rotatedH − 1)/2})
     * @param rotatedW columns of the rotated image
     * @param bilinear bilinear (else nearest)
     * @param border border padding (else zeros)
     */
    RotationKernel(
            float[] src,
            byte[] bytes,
            float[] table,
            FloatBuffer dst,
            int ch,
            int h,
            int w,
            int outH,
            int outW,
            int rotatedH,
            int rotatedW,
            boolean bilinear,
            boolean border) {
        this.src = src;
        this.bytes = bytes;
        this.table = table;
        this.dst = dst;
        this.ch = ch;
        this.h = h;
        this.w = w;
        this.outH = outH;
        this.outW = outW;
        this.cor = (rotatedH - 1) / 2.0;
        this.coc = (rotatedW - 1) / 2.0;
        this.bilinear = bilinear;
        this.border = border;
    }

    /**
     * Computes output rows {@code [rowFrom, rowTo)} of sample {@code b}.
     *
     * @param b the sample
     * @param angle its angle in radians
     * @param rowOffset crop offset on rows
     * @param colOffset crop offset on columns
     * @param flipRows whether the sample is flipped on rows before the rotation
     * @param flipCols whether it is flipped on columns
     * @param rowFrom first output row
     * @param rowTo output row after the last
     * @param op applied to each output row before it is written, or null
     */
    void rows(
            int b,
            double angle,
            int rowOffset,
            int colOffset,
            boolean flipRows,
            boolean flipCols,
            int rowFrom,
            int rowTo,
            RowEpilogue.RowOp op) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cir = (h - 1) / 2.0;
        double cic = (w - 1) / 2.0;
        int plane = h * w;
        int outPlane = outH * outW;
        int srcBase = b * ch * plane;
        int dstBase = b * ch * outPlane;
        Taps t = new Taps(outW);
        int[] i00 = t.i00;
        int[] i01 = t.i01;
        int[] i10 = t.i10;
        int[] i11 = t.i11;
        float[] w00 = t.w00;
        float[] w01 = t.w01;
        float[] w10 = t.w10;
        float[] w11 = t.w11;
        float[][] rows = new float[3][outW];
        float[] row = rows[0];
        for (int p = rowFrom; p < rowTo; p++) {
            double di = p + rowOffset - cor;
            double si0 = cos * di + sin * coc + cir;
            double sj0 = sin * di - cos * coc + cic;
            positions(t, si0, sj0, sin, cos, colOffset);
            if (bilinear) {
                bilinearTaps(t, flipRows, flipCols);
            } else {
                nearestTaps(t, flipRows, flipCols);
            }
            int c = 0;
            while (c < ch) {
                int base = srcBase + c * plane;
                // Three channels per pass share the loads of the taps (the hottest loop of the
                // reference pipeline); the arithmetic per channel is the same as one at a time.
                int group = bilinear && ch - c >= 3 ? 3 : 1;
                if (group == 3) {
                    bilinear3(t, base, plane, rows);
                } else if (bilinear && bytes != null) {
                    for (int q = 0; q < outW; q++) {
                        row[q] = w00[q] * table[bytes[base + i00[q]] & 0xFF]
                                + w01[q] * table[bytes[base + i01[q]] & 0xFF]
                                + w10[q] * table[bytes[base + i10[q]] & 0xFF]
                                + w11[q] * table[bytes[base + i11[q]] & 0xFF];
                    }
                } else if (bilinear) {
                    for (int q = 0; q < outW; q++) {
                        row[q] = w00[q] * src[base + i00[q]]
                                + w01[q] * src[base + i01[q]]
                                + w10[q] * src[base + i10[q]]
                                + w11[q] * src[base + i11[q]];
                    }
                } else if (bytes != null) {
                    for (int q = 0; q < outW; q++) {
                        row[q] = w00[q] != 0 ? table[bytes[base + i00[q]] & 0xFF] : 0f;
                    }
                } else {
                    // Nearest copies the value (no multiply, so integers and -0.0 stay exact).
                    for (int q = 0; q < outW; q++) {
                        row[q] = w00[q] != 0 ? src[base + i00[q]] : 0f;
                    }
                }
                for (int k = 0; k < group; k++) {
                    if (op != null) {
                        op.apply(rows[k], outW, (c + k) * outPlane + p * outW);
                    }
                    dst.put(dstBase + (c + k) * outPlane + p * outW, rows[k], 0, outW);
                }
                c += group;
            }
        }
    }

    /** Bilinear values of channels at {@code base}, {@code base + plane}, {@code base + 2·plane}. */
    private void bilinear3(Taps t, int base, int plane, float[][] rows) {
        float[] r0 = rows[0];
        float[] r1 = rows[1];
        float[] r2 = rows[2];
        int b1 = base + plane;
        int b2 = base + 2 * plane;
        for (int q = 0; q < outW; q++) {
            int i00 = t.i00[q];
            int i01 = t.i01[q];
            int i10 = t.i10[q];
            int i11 = t.i11[q];
            float w00 = t.w00[q];
            float w01 = t.w01[q];
            float w10 = t.w10[q];
            float w11 = t.w11[q];
            if (bytes != null) {
                r0[q] = w00 * table[bytes[base + i00] & 0xFF]
                        + w01 * table[bytes[base + i01] & 0xFF]
                        + w10 * table[bytes[base + i10] & 0xFF]
                        + w11 * table[bytes[base + i11] & 0xFF];
                r1[q] = w00 * table[bytes[b1 + i00] & 0xFF]
                        + w01 * table[bytes[b1 + i01] & 0xFF]
                        + w10 * table[bytes[b1 + i10] & 0xFF]
                        + w11 * table[bytes[b1 + i11] & 0xFF];
                r2[q] = w00 * table[bytes[b2 + i00] & 0xFF]
                        + w01 * table[bytes[b2 + i01] & 0xFF]
                        + w10 * table[bytes[b2 + i10] & 0xFF]
                        + w11 * table[bytes[b2 + i11] & 0xFF];
            } else {
                r0[q] = w00 * src[base + i00] + w01 * src[base + i01] + w10 * src[base + i10] + w11 * src[base + i11];
                r1[q] = w00 * src[b1 + i00] + w01 * src[b1 + i01] + w10 * src[b1 + i10] + w11 * src[b1 + i11];
                r2[q] = w00 * src[b2 + i00] + w01 * src[b2 + i01] + w10 * src[b2 + i10] + w11 * src[b2 + i11];
            }
        }
    }

    /**
     * Source position of each output column q of a row: {@code si = si0 − sin·j}, {@code sj = sj0 +
     * cos·j} with {@code j = q + colOffset}, clamped to the image with border padding.
     */
    private void positions(Taps t, double si0, double sj0, double sin, double cos, int colOffset) {
        double lastRow = h - 1;
        double lastCol = w - 1;
        for (int q = 0; q < outW; q++) {
            int j = q + colOffset;
            double si = si0 - sin * j;
            double sj = sj0 + cos * j;
            if (border) {
                // Math.min(Math.max(x, 0), top) for the finite positions here (also −0.0 → 0.0),
                // without the NaN handling that makes the Math calls several instructions each.
                si = si > 0 ? (si < lastRow ? si : lastRow) : 0;
                sj = sj > 0 ? (sj < lastCol ? sj : lastCol) : 0;
            }
            t.si[q] = si;
            t.sj[q] = sj;
        }
    }

    /**
     * The four taps and weights of each position. One loop per row, not a call per pixel: the
     * JIT would not inline a per-pixel method this size.
     */
    private void bilinearTaps(Taps t, boolean flipRows, boolean flipCols) {
        for (int q = 0; q < outW; q++) {
            double si = t.si[q];
            double sj = t.sj[q];
            // floor by truncation (the positions are far inside int range; Math.floor is slower).
            int r0 = (int) si;
            int c0 = (int) sj;
            r0 -= r0 > si ? 1 : 0;
            c0 -= c0 > sj ? 1 : 0;
            float fr = (float) (si - r0);
            float fc = (float) (sj - c0);
            float a00 = (1 - fr) * (1 - fc);
            float a01 = (1 - fr) * fc;
            float a10 = fr * (1 - fc);
            float a11 = fr * fc;
            int r1 = r0 + 1;
            int c1 = c0 + 1;
            // Out-of-image taps get weight 0 and a safe index (zeros padding); with border padding
            // only r1/c1 can leave the image, and then their weight is already 0.
            if (r0 < 0 || r0 >= h) {
                a00 = 0;
                a01 = 0;
                r0 = 0;
            }
            if (r1 < 0 || r1 >= h) {
                a10 = 0;
                a11 = 0;
                r1 = 0;
            }
            if (c0 < 0 || c0 >= w) {
                a00 = 0;
                a10 = 0;
                c0 = 0;
            }
            if (c1 < 0 || c1 >= w) {
                a01 = 0;
                a11 = 0;
                c1 = 0;
            }
            int sr0 = (flipRows ? h - 1 - r0 : r0) * w;
            int sr1 = (flipRows ? h - 1 - r1 : r1) * w;
            int sc0 = flipCols ? w - 1 - c0 : c0;
            int sc1 = flipCols ? w - 1 - c1 : c1;
            t.i00[q] = sr0 + sc0;
            t.i01[q] = sr0 + sc1;
            t.i10[q] = sr1 + sc0;
            t.i11[q] = sr1 + sc1;
            t.w00[q] = a00;
            t.w01[q] = a01;
            t.w10[q] = a10;
            t.w11[q] = a11;
        }
    }

    /** As {@link #bilinearTaps}, for nearest: the rounded position, weight 1 inside, 0 outside. */
    private void nearestTaps(Taps t, boolean flipRows, boolean flipCols) {
        for (int q = 0; q < outW; q++) {
            int r = (int) Math.rint(t.si[q]);
            int c = (int) Math.rint(t.sj[q]);
            boolean inside = r >= 0 && r < h && c >= 0 && c < w;
            t.i00[q] = inside ? (flipRows ? h - 1 - r : r) * w + (flipCols ? w - 1 - c : c) : 0;
            t.w00[q] = inside ? 1 : 0;
        }
    }

    /** Per-row source positions, and indices and weights of the four taps (nearest uses {@code i00, w00}). */
    private static final class Taps {

        final int[] i00;
        final int[] i01;
        final int[] i10;
        final int[] i11;
        final float[] w00;
        final float[] w01;
        final float[] w10;
        final float[] w11;
        final double[] si;
        final double[] sj;

        Taps(int n) {
            si = new double[n];
            sj = new double[n];
            i00 = new int[n];
            i01 = new int[n];
            i10 = new int[n];
            i11 = new int[n];
            w00 = new float[n];
            w01 = new float[n];
            w10 = new float[n];
            w11 = new float[n];
        }
    }
}
