package io.brainseg.transforms.spatial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.base.CpuBuffers;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * A run of spatial transforms planned together and resampled once on the CPU (MONAI's lazy
 * resampling idea): flips, then at most one keep-size rotation, then crops. Each transform draws
 * its parameters exactly as its {@code apply} would ({@link FusableSpatial#plan}); the plan then
 * maps every output pixel back through crop offset → rotation (with its padding) → flip mirror to
 * the source and reads it once. The arithmetic is the one of the sequential CPU kernels, so the
 * result is bit-identical to applying the transforms one by one, without the intermediate
 * full-size arrays.
 */
public final class SpatialPlan {

    private final List<String> keys;
    private final List<String> configuredKeys;
    private final int n;
    private final int h;
    private final int w;
    private final boolean[] flipRows;
    private final boolean[] flipCols;
    private double[] angles;
    private Rotator rotator;
    private final int[] rowOffset;
    private final int[] colOffset;
    private int outH;
    private int outW;
    private boolean cropped;

    SpatialPlan(List<String> configuredKeys, List<String> keys, int n, int h, int w) {
        this.configuredKeys = configuredKeys;
        this.keys = keys;
        this.n = n;
        this.h = h;
        this.w = w;
        this.flipRows = new boolean[n];
        this.flipCols = new boolean[n];
        this.rowOffset = new int[n];
        this.colOffset = new int[n];
        this.outH = h;
        this.outW = w;
    }

    /**
     * Starts a plan for the keys of the first transform of a run.
     *
     * @param batch the batch
     * @param first the first transform (its keys are checked)
     * @return the plan, or null when the batch has none of the keys
     */
    static SpatialPlan start(SampleBatch batch, SpatialTransform first) {
        List<String> keys = first.checkedKeys(batch);
        int[] hw = SpatialTransform.spatialSize(batch, keys);
        if (hw == null) {
            return null;
        }
        return new SpatialPlan(first.getKeys(), keys, batch.size(), hw[0], hw[1]);
    }

    /**
     * Runs the longest run of {@link FusableSpatial} transforms starting at {@code from} as one
     * plan, when they use the CPU kernels on this batch and share their keys; otherwise applies
     * {@code transforms.get(from)} alone.
     *
     * @param transforms the pipeline
     * @param from the index of the next transform to run
     * @param batch the batch
     * @param rng the generator
     * @return the index of the next transform to run (greater than {@code from})
     */
    public static int runFrom(
            List<? extends BatchTransform> transforms, int from, SampleBatch batch, RandomGenerator rng) {
        BatchTransform t = transforms.get(from);
        if (!(t instanceof FusableSpatial) || !((FusableSpatial) t).fusesOn(batch)) {
            t.apply(batch, rng);
            return from + 1;
        }
        SpatialTransform first = (SpatialTransform) t;
        SpatialPlan plan = start(batch, first);
        if (plan == null) {
            t.apply(batch, rng);
            return from + 1;
        }
        int j = from;
        while (j < transforms.size()) {
            BatchTransform g = transforms.get(j);
            if (!(g instanceof FusableSpatial)
                    || !((FusableSpatial) g).fusesOn(batch)
                    || !((SpatialTransform) g).getKeys().equals(plan.configuredKeys)
                    || !((FusableSpatial) g).plan(batch, plan, rng)) {
                break;
            }
            j++;
        }
        if (j == from) {
            t.apply(batch, rng);
            return from + 1;
        }
        plan.execute(batch, first);
        return j;
    }

    List<String> keys() {
        return keys;
    }

    int size() {
        return n;
    }

    /** Current rows (after the crops planned so far). */
    int rows() {
        return outH;
    }

    /** The current shape of {@code key}, as the sequential pipeline would have it. */
    Shape currentShape(SampleBatch batch, String key) {
        return new Shape(n, batch.get(key).getShape().get(1), outH, outW);
    }

    /** Current columns (after the crops planned so far). */
    int cols() {
        return outW;
    }

    /** Whether a rotation may still be added (flips and a rotation must precede any crop). */
    boolean acceptsRotation() {
        return rotator == null && !cropped;
    }

    /** Whether a flip may still be added. */
    boolean acceptsFlip() {
        return rotator == null && !cropped;
    }

    void flip(int sample, boolean rows, boolean cols) {
        flipRows[sample] ^= rows;
        flipCols[sample] ^= cols;
    }

    void rotate(double[] perSample, Rotator r) {
        this.angles = perSample.clone();
        this.rotator = r;
    }

    void crop(CropWindow[] windows) {
        for (int i = 0; i < n; i++) {
            rowOffset[i] += windows[i].rowStart();
            colOffset[i] += windows[i].colStart();
        }
        outH = windows[0].rowEnd() - windows[0].rowStart();
        outW = windows[0].colEnd() - windows[0].colStart();
        cropped = true;
    }

    /**
     * Resamples every key of the batch once.
     *
     * @param batch the batch
     * @param owner the transform whose {@code replace} manages memory
     */
    void execute(SampleBatch batch, SpatialTransform owner) {
        for (String key : keys) {
            owner.replaceKey(batch, key, (m, x) -> resample(m, key, x));
        }
    }

    private NDArray resample(NDManager m, String key, NDArray x) {
        boolean rotating = false;
        if (angles != null) {
            for (double a : angles) {
                rotating |= a != 0;
            }
        }
        if (!rotating) {
            return copy(m, x);
        }
        InterpolationMode mode = rotator.maskKeys().contains(key) ? InterpolationMode.NEAREST : rotator.mode();
        DataType type = x.getDataType();
        FloatBuffer in = CpuBuffers.floats(type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false));
        int ch = Math.toIntExact(x.getShape().get(1));
        float[] src = new float[n * ch * h * w];
        in.get(0, src);
        NDArray out = CpuBuffers.empty(m, new Shape(n, ch, outH, outW), DataType.FLOAT32);
        FloatBuffer dst = CpuBuffers.floats(out);
        RotationKernel kernel = new RotationKernel(
                src,
                dst,
                ch,
                h,
                w,
                outH,
                outW,
                h,
                w,
                mode == InterpolationMode.BILINEAR,
                rotator.padding() == PaddingMode.BORDER);
        int blocks = 4;
        IntStream.range(0, n * blocks).parallel().forEach(task -> {
            int b = task / blocks;
            int rowFrom = (task % blocks) * outH / blocks;
            int rowTo = (task % blocks + 1) * outH / blocks;
            if (angles[b] == 0) {
                // The sequential kernel copies unrotated samples; a mirrored crop copy is the same.
                copyRows(src, dst, b, ch, rowFrom, rowTo);
            } else {
                kernel.rows(b, angles[b], rowOffset[b], colOffset[b], flipRows[b], flipCols[b], rowFrom, rowTo);
            }
        });
        if (mode == InterpolationMode.NEAREST && type != DataType.FLOAT32) {
            return out.toType(type, false);
        }
        return type == DataType.FLOAT64 ? out.toType(type, false) : out;
    }

    private int srcRow(int b, int r) {
        return flipRows[b] ? h - 1 - r : r;
    }

    private void copyRows(float[] src, FloatBuffer dst, int b, int ch, int rowFrom, int rowTo) {
        float[] row = new float[outW];
        for (int c = 0; c < ch; c++) {
            int srcPlane = (b * ch + c) * h * w;
            int dstPlane = (b * ch + c) * outH * outW;
            for (int p = rowFrom; p < rowTo; p++) {
                int sr = srcPlane + srcRow(b, p + rowOffset[b]) * w;
                if (!flipCols[b]) {
                    dst.put(dstPlane + p * outW, src, sr + colOffset[b], outW);
                } else {
                    int last = sr + w - 1 - colOffset[b];
                    for (int q = 0; q < outW; q++) {
                        row[q] = src[last - q];
                    }
                    dst.put(dstPlane + p * outW, row, 0, outW);
                }
            }
        }
    }

    /** No rotation: flips and crops only, as byte copies of any dtype. */
    private NDArray copy(NDManager m, NDArray x) {
        int ch = Math.toIntExact(x.getShape().get(1));
        int es = x.getDataType().getNumOfBytes();
        ByteBuffer src = CpuBuffers.bytes(x);
        NDArray out = CpuBuffers.empty(m, new Shape(n, ch, outH, outW), x.getDataType());
        ByteBuffer dst = CpuBuffers.bytes(out);
        IntStream.range(0, n * ch).parallel().forEach(pl -> {
            int b = pl / ch;
            int srcPlane = pl * h * w;
            int dstPlane = pl * outH * outW;
            for (int p = 0; p < outH; p++) {
                int sr = srcRow(b, p + rowOffset[b]);
                int to = (dstPlane + p * outW) * es;
                if (!flipCols[b]) {
                    dst.put(to, src, (srcPlane + sr * w + colOffset[b]) * es, outW * es);
                } else {
                    int last = (srcPlane + sr * w + (w - 1 - colOffset[b])) * es;
                    for (int q = 0; q < outW; q++) {
                        for (int k = 0; k < es; k++) {
                            dst.put(to + q * es + k, src.get(last - q * es + k));
                        }
                    }
                }
            }
        });
        return out;
    }
}
