package io.brainseg.transforms.spatial;

import io.brainseg.transforms.Backend;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.transforms.CpuBuffers;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * The fused CPU rotation kernel ({@link Backend#CPU_KERNEL}): one pass over the output per
 * sample, parallel over (sample, row block). Each output pixel computes its input position from
 * the row start plus {@code j·step} (no accumulated error), its taps and weights once, and applies
 * them to every channel. Samples whose angle is 0 with an unchanged size are copied. The input is
 * read and the output written in the memory of the tensors (see {@link CpuBuffers}), with no heap
 * copy. The result
 * does not depend on the thread schedule, since every output value is computed independently.
 */
final class CpuRotation {

    /** Row blocks per sample, so two cores stay busy when few samples rotate. */
    private static final int ROW_BLOCKS = 4;

    private CpuRotation() {}

    /**
     * Rotates every sample of {@code x} by its angle.
     *
     * @param manager the step manager the result is created on
     * @param x an {@code N×C×H×W} CPU array of any dtype
     * @param angles one angle (radians) per sample
     * @param oh output rows
     * @param ow output columns
     * @param mode the interpolation
     * @param padding the padding
     * @return the rotated {@code N×C×oh×ow} array: float for bilinear (float32 unless the input was
     *     float64), the input dtype for nearest
     */
    static NDArray rotate(NDManager manager, NDArray x, double[] angles, int oh, int ow,
            InterpolationMode mode, PaddingMode padding) {
        Shape s = x.getShape();
        int n = Math.toIntExact(s.get(0));
        int ch = Math.toIntExact(s.get(1));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        DataType type = x.getDataType();
        FloatBuffer src = CpuBuffers.floats(type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false));
        NDArray out = CpuBuffers.empty(manager, new Shape(n, ch, oh, ow), DataType.FLOAT32);
        FloatBuffer dst = CpuBuffers.floats(out);
        boolean bilinear = mode == InterpolationMode.BILINEAR;
        boolean border = padding == PaddingMode.BORDER;
        IntStream.range(0, n * ROW_BLOCKS).parallel().forEach(task -> {
            int b = task / ROW_BLOCKS;
            int block = task % ROW_BLOCKS;
            int rowFrom = block * oh / ROW_BLOCKS;
            int rowTo = (block + 1) * oh / ROW_BLOCKS;
            if (angles[b] == 0 && oh == h && ow == w) {
                for (int c = 0; c < ch; c++) {
                    int off = ((b * ch + c) * h + rowFrom) * w;
                    dst.put(off, src, off, (rowTo - rowFrom) * w);
                }
            } else if (bilinear) {
                bilinearRows(src, dst, b, ch, h, w, oh, ow, angles[b], border, rowFrom, rowTo);
            } else {
                nearestRows(src, dst, b, ch, h, w, oh, ow, angles[b], border, rowFrom, rowTo);
            }
        });
        if (!bilinear && type != DataType.FLOAT32) {
            return out.toType(type, false);
        }
        return type == DataType.FLOAT64 ? out.toType(type, false) : out;
    }

    private static void bilinearRows(FloatBuffer src, FloatBuffer dst, int b, int ch, int h, int w,
            int oh, int ow, double angle, boolean border, int rowFrom, int rowTo) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cir = (h - 1) / 2.0;
        double cic = (w - 1) / 2.0;
        double cor = (oh - 1) / 2.0;
        double coc = (ow - 1) / 2.0;
        int plane = h * w;
        int outPlane = oh * ow;
        int srcBase = b * ch * plane;
        int dstBase = b * ch * outPlane;
        for (int i = rowFrom; i < rowTo; i++) {
            double di = i - cor;
            double si0 = cos * di + sin * coc + cir;
            double sj0 = sin * di - cos * coc + cic;
            for (int j = 0; j < ow; j++) {
                double si = si0 - sin * j;
                double sj = sj0 + cos * j;
                if (border) {
                    si = Math.min(Math.max(si, 0), h - 1);
                    sj = Math.min(Math.max(sj, 0), w - 1);
                }
                double fr0 = Math.floor(si);
                double fc0 = Math.floor(sj);
                int r0 = (int) fr0;
                int c0 = (int) fc0;
                float fr = (float) (si - fr0);
                float fc = (float) (sj - fc0);
                float w00 = (1 - fr) * (1 - fc);
                float w01 = (1 - fr) * fc;
                float w10 = fr * (1 - fc);
                float w11 = fr * fc;
                int r1 = r0 + 1;
                int c1 = c0 + 1;
                // Out-of-image taps get weight 0 and a safe index (zeros padding); with border
                // padding only r1/c1 can leave the image, and then their weight is already 0.
                if (r0 < 0 || r0 >= h) {
                    w00 = 0;
                    w01 = 0;
                    r0 = 0;
                }
                if (r1 < 0 || r1 >= h) {
                    w10 = 0;
                    w11 = 0;
                    r1 = 0;
                }
                if (c0 < 0 || c0 >= w) {
                    w00 = 0;
                    w10 = 0;
                    c0 = 0;
                }
                if (c1 < 0 || c1 >= w) {
                    w01 = 0;
                    w11 = 0;
                    c1 = 0;
                }
                int i00 = srcBase + r0 * w + c0;
                int i01 = srcBase + r0 * w + c1;
                int i10 = srcBase + r1 * w + c0;
                int i11 = srcBase + r1 * w + c1;
                int o = dstBase + i * ow + j;
                for (int c = 0; c < ch; c++) {
                    int p = c * plane;
                    dst.put(o + c * outPlane, w00 * src.get(i00 + p) + w01 * src.get(i01 + p)
                            + w10 * src.get(i10 + p) + w11 * src.get(i11 + p));
                }
            }
        }
    }

    private static void nearestRows(FloatBuffer src, FloatBuffer dst, int b, int ch, int h, int w,
            int oh, int ow, double angle, boolean border, int rowFrom, int rowTo) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cir = (h - 1) / 2.0;
        double cic = (w - 1) / 2.0;
        double cor = (oh - 1) / 2.0;
        double coc = (ow - 1) / 2.0;
        int plane = h * w;
        int outPlane = oh * ow;
        int srcBase = b * ch * plane;
        int dstBase = b * ch * outPlane;
        for (int i = rowFrom; i < rowTo; i++) {
            double di = i - cor;
            double si0 = cos * di + sin * coc + cir;
            double sj0 = sin * di - cos * coc + cic;
            for (int j = 0; j < ow; j++) {
                double si = si0 - sin * j;
                double sj = sj0 + cos * j;
                if (border) {
                    si = Math.min(Math.max(si, 0), h - 1);
                    sj = Math.min(Math.max(sj, 0), w - 1);
                }
                int r = (int) Math.rint(si);
                int c0 = (int) Math.rint(sj);
                int o = dstBase + i * ow + j;
                if (r < 0 || r >= h || c0 < 0 || c0 >= w) {
                    for (int c = 0; c < ch; c++) {
                        dst.put(o + c * outPlane, 0f);
                    }
                } else {
                    int idx = srcBase + r * w + c0;
                    for (int c = 0; c < ch; c++) {
                        dst.put(o + c * outPlane, src.get(idx + c * plane));
                    }
                }
            }
        }
    }
}
