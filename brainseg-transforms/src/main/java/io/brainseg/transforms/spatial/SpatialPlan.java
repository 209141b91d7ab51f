package io.brainseg.transforms.spatial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.transforms.base.CpuBuffers;
import io.brainseg.transforms.base.RowEpilogue;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
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
    private SpatialTransform owner;
    private int end;

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
        SpatialPlan plan = plan(transforms, from, batch, rng);
        if (plan == null) {
            transforms.get(from).apply(batch, rng);
            return from + 1;
        }
        plan.execute(batch, Map.of(), null);
        return plan.end;
    }

    /**
     * Plans the longest run of {@link FusableSpatial} transforms starting at {@code from} that
     * use the CPU kernels on this batch and share their keys, drawing exactly what applying them
     * would draw, without touching the batch.
     *
     * @param transforms the pipeline
     * @param from the index of the first transform of the run
     * @param batch the batch
     * @param rng the generator
     * @return the plan ({@link #end()} past its run), or null, with nothing drawn, when the
     *     transform at {@code from} cannot start one on this batch
     */
    public static SpatialPlan plan(
            List<? extends BatchTransform> transforms, int from, SampleBatch batch, RandomGenerator rng) {
        BatchTransform t = transforms.get(from);
        if (!(t instanceof FusableSpatial) || !((FusableSpatial) t).fusesOn(batch)) {
            return null;
        }
        SpatialTransform first = (SpatialTransform) t;
        SpatialPlan plan = start(batch, first);
        if (plan == null) {
            return null;
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
            return null;
        }
        plan.owner = first;
        plan.end = j;
        return plan;
    }

    /**
     * Returns the index of the first transform after the planned run.
     *
     * @return the index of the next transform to run
     */
    public int end() {
        return end;
    }

    /**
     * Returns the keys the plan resamples (the configured keys present in the batch).
     *
     * @return the keys, in order
     */
    public List<String> getKeys() {
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
     * <p>A key with a table holds UINT8 values that a fused run of {@link
     * io.brainseg.transforms.base.FusablePointwise} transforms maps to float32; its bytes are read
     * through the table and the result is float32. Keys the epilogue covers must be float32 after
     * the plan (a table, or float32 already); their rows pass through it before they are written.
     *
     * @param batch the batch
     * @param tables the value of each byte, per key, for keys read through a table
     * @param epilogue element-wise work fused into the writes, or null
     * @throws IllegalArgumentException if a table is not 256 values for a uint8 key, or the
     *     epilogue covers a key whose result is not float32
     */
    public void execute(SampleBatch batch, Map<String, float[]> tables, RowEpilogue epilogue) {
        // Every key is checked before any is replaced, so a refusal leaves the batch as it was.
        for (String key : keys) {
            float[] table = tables.get(key);
            DataType type = batch.get(key).getDataType();
            if (table != null && (table.length != 256 || type != DataType.UINT8)) {
                throw new IllegalArgumentException("a table of " + table.length + " values cannot map '" + key
                        + "' of type " + type + "; it needs uint8 and 256 values");
            }
            if (epilogue != null && epilogue.covers(key) && table == null && type != DataType.FLOAT32) {
                throw new IllegalArgumentException(
                        "cannot fuse an intensity run into '" + key + "' of type " + type + "; it must be float32");
            }
        }
        for (String key : keys) {
            float[] table = tables.get(key);
            RowEpilogue ep = epilogue != null && epilogue.covers(key) ? epilogue : null;
            owner.replaceKey(batch, key, (m, x) -> resample(m, key, x, table, ep));
        }
    }

    private NDArray resample(NDManager m, String key, NDArray x, float[] table, RowEpilogue ep) {
        boolean rotating = isRotating();
        if (!rotating && table == null && ep == null) {
            return copy(m, x);
        }
        InterpolationMode mode =
                !rotating || rotator.maskKeys().contains(key) ? InterpolationMode.NEAREST : rotator.mode();
        DataType type = table != null ? DataType.FLOAT32 : x.getDataType();
        int ch = Math.toIntExact(x.getShape().get(1));
        float[] src = null;
        FloatBuffer srcBuffer = null;
        byte[] bytes = null;
        if (table != null) {
            bytes = new byte[n * ch * h * w];
            CpuBuffers.bytes(x).get(0, bytes);
        } else {
            FloatBuffer in = CpuBuffers.floats(type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false));
            if (rotating) {
                // The rotation's gathers read the heap copy; plain row copies read the tensor.
                src = new float[n * ch * h * w];
                in.get(0, src);
            } else {
                srcBuffer = in;
            }
        }
        NDArray out = CpuBuffers.empty(m, new Shape(n, ch, outH, outW), DataType.FLOAT32);
        FloatBuffer dst = CpuBuffers.floats(out);
        RotationKernel kernel = new RotationKernel(
                src,
                bytes,
                table,
                dst,
                ch,
                h,
                w,
                outH,
                outW,
                h,
                w,
                mode == InterpolationMode.BILINEAR,
                rotating && rotator.padding() == PaddingMode.BORDER);
        float[] source = src;
        FloatBuffer sourceBuffer = srcBuffer;
        byte[] sourceBytes = bytes;
        // An epilogue draws per sample, so a sample is then one task; otherwise rows are split
        // so small batches still use every core.
        int blocks = ep != null ? 1 : 4;
        IntStream.range(0, n * blocks).parallel().forEach(task -> {
            int b = task / blocks;
            int rowFrom = (task % blocks) * outH / blocks;
            int rowTo = (task % blocks + 1) * outH / blocks;
            RowEpilogue.RowOp op = ep == null ? null : ep.forSample(key, b, ch * outH * outW);
            if (!rotating || angles[b] == 0) {
                // The sequential kernel copies unrotated samples; a mirrored crop copy is the same.
                copyRows(source, sourceBuffer, sourceBytes, table, dst, b, ch, rowFrom, rowTo, op);
            } else {
                kernel.rows(b, angles[b], rowOffset[b], colOffset[b], flipRows[b], flipCols[b], rowFrom, rowTo, op);
            }
        });
        if (mode == InterpolationMode.NEAREST && type != DataType.FLOAT32) {
            return out.toType(type, false);
        }
        return type == DataType.FLOAT64 ? out.toType(type, false) : out;
    }

    private boolean isRotating() {
        if (angles != null) {
            for (double a : angles) {
                if (a != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private int srcRow(int b, int r) {
        return flipRows[b] ? h - 1 - r : r;
    }

    /**
     * Copies (mirrored, cropped) rows of sample {@code b} from heap floats, from the tensor's
     * floats, or from bytes through a table (exactly one of {@code src}, {@code srcBuffer},
     * {@code bytes} is set).
     */
    private void copyRows(
            float[] src,
            FloatBuffer srcBuffer,
            byte[] bytes,
            float[] table,
            FloatBuffer dst,
            int b,
            int ch,
            int rowFrom,
            int rowTo,
            RowEpilogue.RowOp op) {
        float[] row = new float[outW];
        for (int c = 0; c < ch; c++) {
            int srcPlane = (b * ch + c) * h * w;
            int dstPlane = (b * ch + c) * outH * outW;
            for (int p = rowFrom; p < rowTo; p++) {
                int sr = srcPlane + srcRow(b, p + rowOffset[b]) * w;
                int first = flipCols[b] ? sr + w - 1 - colOffset[b] : sr + colOffset[b];
                int step = flipCols[b] ? -1 : 1;
                if (bytes != null) {
                    for (int q = 0; q < outW; q++) {
                        row[q] = table[bytes[first + step * q] & 0xFF];
                    }
                } else if (srcBuffer != null) {
                    srcBuffer.get(step == 1 ? first : first - outW + 1, row, 0, outW);
                    if (step == -1) {
                        reverse(row);
                    }
                } else if (step == 1) {
                    System.arraycopy(src, first, row, 0, outW);
                } else {
                    for (int q = 0; q < outW; q++) {
                        row[q] = src[first - q];
                    }
                }
                if (op != null) {
                    op.apply(row, outW, c * outH * outW + p * outW);
                }
                dst.put(dstPlane + p * outW, row, 0, outW);
            }
        }
    }

    private static void reverse(float[] row) {
        for (int i = 0, j = row.length - 1; i < j; i++, j--) {
            float t = row[i];
            row[i] = row[j];
            row[j] = t;
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
