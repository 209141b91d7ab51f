package io.brainseg.transforms.spatial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.transforms.base.Backend;

/**
 * The device-generic rotation ({@link Backend#NDARRAY}), since the PyTorch engine has no
 * grid sampling: per-sample sampling positions are built as {@code N×oh×ow} arrays from the angle
 * columns, turned into flat indices and weights, and read with {@code gather} along the flattened
 * spatial axis of {@code N×C×(H·W)}. Bilinear mode gathers 4 taps, nearest 1. Everything stays
 * on the batch's device; only the N angles come from the host.
 */
final class NdArrayRotation {

    private NdArrayRotation() {}

    /**
     * Rotates every sample of {@code x} by its angle (formula in {@link RotationGeometry}).
     *
     * @param m the step manager
     * @param x an {@code N×C×H×W} array of any dtype
     * @param angles one angle (radians) per sample
     * @param oh output rows
     * @param ow output columns
     * @param mode the interpolation
     * @param padding the padding
     * @return the rotated {@code N×C×oh×ow} array (float for bilinear, the input dtype for nearest)
     */
    static NDArray rotate(
            NDManager m, NDArray x, double[] angles, int oh, int ow, InterpolationMode mode, PaddingMode padding) {
        Shape s = x.getShape();
        long n = s.get(0);
        long ch = s.get(1);
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        float[] cosv = new float[angles.length];
        float[] sinv = new float[angles.length];
        for (int i = 0; i < angles.length; i++) {
            cosv[i] = (float) Math.cos(angles[i]);
            sinv[i] = (float) Math.sin(angles[i]);
        }
        NDArray cos = m.create(cosv, new Shape(n, 1, 1));
        NDArray sin = m.create(sinv, new Shape(n, 1, 1));
        NDArray ii = m.arange(0f, oh, 1f).sub((oh - 1) / 2f).reshape(1, oh, 1);
        NDArray jj = m.arange(0f, ow, 1f).sub((ow - 1) / 2f).reshape(1, 1, ow);
        NDArray si = cos.mul(ii).sub(sin.mul(jj)).add((h - 1) / 2f);
        NDArray sj = sin.mul(ii).add(cos.mul(jj)).add((w - 1) / 2f);
        if (padding == PaddingMode.BORDER) {
            si = si.clip(0, h - 1);
            sj = sj.clip(0, w - 1);
        }
        NDArray flat = x.reshape(n, ch, (long) h * w);
        Shape gathered = new Shape(n, ch, (long) oh * ow);
        Shape column = new Shape(n, 1, (long) oh * ow);
        if (mode == InterpolationMode.NEAREST) {
            NDArray r = si.round();
            NDArray c = sj.round();
            NDArray g = flat.gather(index(r, c, h, w).reshape(column).broadcast(gathered), 2);
            if (padding == PaddingMode.ZEROS) {
                NDArray valid = inside(r, c, h, w).reshape(column).toType(g.getDataType(), false);
                g = g.mul(valid);
            }
            return g.reshape(n, ch, oh, ow);
        }
        NDArray src = flat.getDataType().isFloating() ? flat : flat.toType(DataType.FLOAT32, false);
        NDArray r0 = si.floor();
        NDArray c0 = sj.floor();
        NDArray fr = si.sub(r0);
        NDArray fc = sj.sub(c0);
        NDArray out = null;
        for (int dr = 0; dr <= 1; dr++) {
            for (int dc = 0; dc <= 1; dc++) {
                NDArray r = dr == 0 ? r0 : r0.add(1);
                NDArray c = dc == 0 ? c0 : c0.add(1);
                NDArray weight =
                        (dr == 0 ? fr.neg().add(1) : fr).mul(dc == 0 ? fc.neg().add(1) : fc);
                if (padding == PaddingMode.ZEROS) {
                    weight = weight.mul(inside(r, c, h, w).toType(DataType.FLOAT32, false));
                }
                NDArray tap = src.gather(index(r, c, h, w).reshape(column).broadcast(gathered), 2);
                NDArray term = tap.mul(weight.reshape(column).toType(src.getDataType(), false));
                out = out == null ? term : out.add(term);
            }
        }
        return out.reshape(n, ch, oh, ow);
    }

    /** Flat index {@code clip(r)·W + clip(c)} as int64; out-of-image taps are masked by callers. */
    private static NDArray index(NDArray r, NDArray c, int h, int w) {
        return r.clip(0, h - 1).mul(w).add(c.clip(0, w - 1)).toType(DataType.INT64, false);
    }

    private static NDArray inside(NDArray r, NDArray c, int h, int w) {
        return r.gte(0).logicalAnd(r.lte(h - 1)).logicalAnd(c.gte(0)).logicalAnd(c.lte(w - 1));
    }
}
