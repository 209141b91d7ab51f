package io.brainseg.transforms.spatial;

import java.nio.FloatBuffer;

/**
 * The per-sample rotation loop shared by {@link CpuRotation} and {@link SpatialPlan}, so the
 * fused and the sequential paths compute bit-identical values. Output pixel (p, q) is pixel
 * (i, j) = (p + rowOffset, q + colOffset) of the rotated image, whose input position is
 * {@code si = cos·(i − c_out,r) − sin·(j − c_out,c) + c_in,r},
 * {@code sj = sin·(i − c_out,r) + cos·(j − c_out,c) + c_in,c}; taps are then mirrored by the
 * sample's flips. Per output row, taps and weights are computed once into small arrays and
 * applied to every channel, and each channel row is written with one bulk put.
 */
final class RotationKernel {

    private final float[] src;
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
     * @param src input values, {@code N×C×h×w}
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
     */
    void rows(
            int b,
            double angle,
            int rowOffset,
            int colOffset,
            boolean flipRows,
            boolean flipCols,
            int rowFrom,
            int rowTo) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cir = (h - 1) / 2.0;
        double cic = (w - 1) / 2.0;
        int plane = h * w;
        int outPlane = outH * outW;
        int srcBase = b * ch * plane;
        int dstBase = b * ch * outPlane;
        int[] i00 = new int[outW];
        int[] i01 = new int[outW];
        int[] i10 = new int[outW];
        int[] i11 = new int[outW];
        float[] w00 = new float[outW];
        float[] w01 = new float[outW];
        float[] w10 = new float[outW];
        float[] w11 = new float[outW];
        float[] row = new float[outW];
        for (int p = rowFrom; p < rowTo; p++) {
            double di = p + rowOffset - cor;
            double si0 = cos * di + sin * coc + cir;
            double sj0 = sin * di - cos * coc + cic;
            for (int q = 0; q < outW; q++) {
                int j = q + colOffset;
                double si = si0 - sin * j;
                double sj = sj0 + cos * j;
                if (border) {
                    si = Math.min(Math.max(si, 0), h - 1);
                    sj = Math.min(Math.max(sj, 0), w - 1);
                }
                if (bilinear) {
                    taps(q, si, sj, flipRows, flipCols, i00, i01, i10, i11, w00, w01, w10, w11);
                } else {
                    int r = (int) Math.rint(si);
                    int c = (int) Math.rint(sj);
                    boolean inside = r >= 0 && r < h && c >= 0 && c < w;
                    i00[q] = inside ? (flipRows ? h - 1 - r : r) * w + (flipCols ? w - 1 - c : c) : 0;
                    w00[q] = inside ? 1 : 0;
                }
            }
            for (int c = 0; c < ch; c++) {
                int base = srcBase + c * plane;
                if (bilinear) {
                    for (int q = 0; q < outW; q++) {
                        row[q] = w00[q] * src[base + i00[q]]
                                + w01[q] * src[base + i01[q]]
                                + w10[q] * src[base + i10[q]]
                                + w11[q] * src[base + i11[q]];
                    }
                } else {
                    // Nearest copies the value (no multiply, so integers and -0.0 stay exact).
                    for (int q = 0; q < outW; q++) {
                        row[q] = w00[q] != 0 ? src[base + i00[q]] : 0f;
                    }
                }
                dst.put(dstBase + c * outPlane + p * outW, row, 0, outW);
            }
        }
    }

    private void taps(
            int q,
            double si,
            double sj,
            boolean flipRows,
            boolean flipCols,
            int[] i00,
            int[] i01,
            int[] i10,
            int[] i11,
            float[] w00,
            float[] w01,
            float[] w10,
            float[] w11) {
        double fr0 = Math.floor(si);
        double fc0 = Math.floor(sj);
        int r0 = (int) fr0;
        int c0 = (int) fc0;
        float fr = (float) (si - fr0);
        float fc = (float) (sj - fc0);
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
        i00[q] = sr0 + sc0;
        i01[q] = sr0 + sc1;
        i10[q] = sr1 + sc0;
        i11[q] = sr1 + sc1;
        w00[q] = a00;
        w01[q] = a01;
        w10[q] = a10;
        w11[q] = a11;
    }
}
