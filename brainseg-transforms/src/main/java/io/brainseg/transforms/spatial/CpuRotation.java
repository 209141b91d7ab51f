package io.brainseg.transforms.spatial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.transforms.base.Backend;
import io.brainseg.transforms.base.CpuBuffers;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * The fused CPU rotation kernel ({@link Backend#CPU_KERNEL}): one pass over the output per
 * sample, parallel over (sample, row block). Each output pixel computes its input position from
 * the row start plus {@code j·step} (no accumulated error), its taps and weights once, and applies
 * them to every channel ({@link RotationKernel}). Samples whose angle is 0 with an unchanged size
 * are copied. The input is copied to the heap in one bulk copy; the output is written straight
 * into the memory of a new tensor (see {@link CpuBuffers}). The result
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
    static NDArray rotate(
            NDManager manager,
            NDArray x,
            double[] angles,
            int oh,
            int ow,
            InterpolationMode mode,
            PaddingMode padding) {
        Shape s = x.getShape();
        int n = Math.toIntExact(s.get(0));
        int ch = Math.toIntExact(s.get(1));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        DataType type = x.getDataType();
        FloatBuffer in = CpuBuffers.floats(type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false));
        float[] src = new float[n * ch * h * w];
        in.get(0, src);
        NDArray out = CpuBuffers.empty(manager, new Shape(n, ch, oh, ow), DataType.FLOAT32);
        FloatBuffer dst = CpuBuffers.floats(out);
        boolean bilinear = mode == InterpolationMode.BILINEAR;
        RotationKernel kernel = new RotationKernel(
                src, null, null, dst, ch, h, w, oh, ow, oh, ow, bilinear, padding == PaddingMode.BORDER);
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
            } else {
                kernel.rows(b, angles[b], 0, 0, false, false, rowFrom, rowTo, null);
            }
        });
        if (!bilinear && type != DataType.FLOAT32) {
            return out.toType(type, false);
        }
        return type == DataType.FLOAT64 ? out.toType(type, false) : out;
    }
}
