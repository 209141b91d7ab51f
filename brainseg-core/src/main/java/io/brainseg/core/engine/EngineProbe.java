package io.brainseg.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether the engine on this machine has oneDNN's channel-padding defect, by running two
 * tiny convolutions against plain loops (a few milliseconds; see {@code docs/engine-defects.md}).
 *
 * <p>Why a probe and not a CPU or version check: the defect is libtorch 2.7.1's oneDNN 3.7.1 on
 * machines whose CPUID leaf 0x8000001D (AMD cache topology) is advertised but empty, which is a
 * property of the hypervisor, not of the CPU model; the same jar is right on a healthy machine.
 * One convolution at batch 2 (which sends libtorch's convolution to oneDNN) checks both effects:
 * {@code 17→2} channels, a 2×2 kernel, a 6×6 input. Its <em>forward values</em> are wrong when the
 * defect is present because 17 input channels exceed every oneDNN channel block and are not a
 * multiple of it; its <em>input gradient</em> is wrong because two filters are fewer than any block,
 * so the output gradient is reordered into a channel-padded layout whose padding is read
 * uninitialised. Inputs are small integers, so float32 results are exact and the references
 * (double loops) are independent of the engine. Only when the defect is found, a second forward
 * convolution with 9 input channels (wrong only when the block is 8) tells AVX2/AVX kernels
 * (block 8) from AVX-512 ones (block 16): the workaround pads to that block. Two convolution
 * primitives on a healthy machine, three on an affected one: most of the first call's time is
 * oneDNN generating their kernels.
 *
 * <p>{@link #verdict(Device)} runs the probe once per process and device and caches the result;
 * {@link #run(Device)} always runs it (for benchmarks and tests). The verdict is logged at INFO
 * (WARN when the defect is found). The probe opens a {@link GradientCollector}, of which DJL allows
 * one per process: call {@link #verdict(Device)} before training (the trainer and the convolution
 * blocks' {@code initialize} do).
 */
public final class EngineProbe {

    private static final Logger LOG = LoggerFactory.getLogger(EngineProbe.class);
    private static final Map<Device, ProbeVerdict> CACHE = new ConcurrentHashMap<>();

    private EngineProbe() {}

    /**
     * Returns the cached verdict for the engine's default device, probing on first use.
     *
     * @return the verdict
     */
    public static ProbeVerdict verdict() {
        return verdict(Engine.getInstance().defaultDevice());
    }

    /**
     * Returns the cached verdict for a device, probing on first use (once per process and device).
     *
     * @param device the device convolutions will run on
     * @return the verdict
     * @throws IllegalStateException if the probe must run while another {@link GradientCollector}
     *     is open (see {@link #cached(Device)})
     */
    public static ProbeVerdict verdict(Device device) {
        ProbeVerdict v = CACHE.get(device);
        if (v != null) {
            return v;
        }
        synchronized (CACHE) {
            v = CACHE.get(device);
            if (v == null) {
                v = run(device);
                CACHE.put(device, v);
                if (v.defect()) {
                    LOG.warn("{}", v.describe());
                } else {
                    LOG.info("{}", v.describe());
                }
            }
            return v;
        }
    }

    /**
     * Returns the verdict for a device if it was probed in this process.
     *
     * @param device the device
     * @return the verdict, or null when {@link #verdict(Device)} has not run for it yet
     */
    public static ProbeVerdict cached(Device device) {
        return CACHE.get(device);
    }

    /**
     * Runs the probe on a device without the cache and without logging.
     *
     * @param device the device
     * @return a new verdict
     * @throws IllegalStateException if another {@link GradientCollector} is open
     */
    public static ProbeVerdict run(Device device) {
        long start = System.nanoTime();
        double[] errors;
        double forward9 = 0;
        try (NDManager m = NDManager.newBaseManager(device)) {
            errors = check(m, 17, true);
            if (fails(errors[0]) || fails(errors[1])) {
                // Only an affected engine needs its channel block; a healthy one skips this check.
                forward9 = check(m, 9, false)[0];
            }
        }
        double forward17 = errors[0];
        double backward = errors[1];
        double millis = (System.nanoTime() - start) / 1e6;
        boolean defect = fails(backward) || fails(forward17) || fails(forward9);
        int block = fails(forward9) ? 8 : 16;
        Engine engine = Engine.getInstance();
        return new ProbeVerdict(
                device.toString(),
                engine.getEngineName() + " " + engine.getVersion(),
                defect,
                backward,
                forward17,
                block,
                System.getenv("ONEDNN_MAX_CPU_ISA"),
                millis);
    }

    private static boolean fails(double relativeError) {
        return !(relativeError <= ProbeVerdict.TOLERANCE);
    }

    /** Deterministic small integers in −5..5: exact in float32, no shared random generator. */
    private static float[] integers(int length, int salt) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = Math.floorMod(i * 7 + salt * 13 + (i / 5) * 3, 11) - 5;
        }
        return a;
    }

    /** An array that owns its memory (DJL's create(float[]) may alias the Java buffer). */
    private static NDArray owned(NDManager m, float[] data, Shape shape) {
        try (NDArray wrapped = m.create(data, shape)) {
            return wrapped.duplicate();
        }
    }

    /**
     * Runs a {@code c→2} channel, 2×2-kernel convolution on a 2×c×6×6 input against double loops.
     *
     * @return {forward relative error, input-gradient relative error (0 unless {@code backward})}
     */
    private static double[] check(NDManager m, int c, boolean backward) {
        int n = 2;
        int f = 2;
        int k = 2;
        int h = 6;
        int oh = h - k + 1;
        float[] x = integers(n * c * h * h, c);
        float[] w = integers(f * c * k * k, c + 1);
        float[] g = integers(n * f * oh * oh, c + 2);
        NDArray xa = owned(m, x, new Shape(n, c, h, h));
        NDArray wa = owned(m, w, new Shape(f, c, k, k));
        float[] y;
        float[] dx = null;
        if (backward) {
            NDArray ga = owned(m, g, new Shape(n, f, oh, oh));
            xa.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = conv(xa, wa, 0);
                y = out.toFloatArray();
                gc.backward(out.mul(ga).sum());
            }
            dx = xa.getGradient().toFloatArray();
        } else {
            y = conv(xa, wa, 0).toFloatArray();
        }
        double[] yRef = new double[n * f * oh * oh];
        double[] dxRef = new double[x.length];
        for (int a = 0; a < n; a++) {
            for (int o = 0; o < f; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < oh; j++) {
                        int yi = ((a * f + o) * oh + i) * oh + j;
                        for (int ci = 0; ci < c; ci++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int xi = ((a * c + ci) * h + i + u) * h + j + v;
                                    double wv = w[((o * c + ci) * k + u) * k + v];
                                    yRef[yi] += x[xi] * wv;
                                    dxRef[xi] += g[yi] * wv;
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[] {relativeError(y, yRef), backward ? relativeError(dx, dxRef) : 0};
    }

    private static NDArray conv(NDArray x, NDArray w, int pad) {
        return Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /**
     * The error the probe judges by: {@code max|got − ref| / max|ref|} (the denominator floored at
     * 1e-12), relative to the largest reference so that values near zero do not inflate it. Tests
     * comparing engine output with a float64 reference use the same measure.
     *
     * @param got engine values
     * @param ref reference values of the same length
     * @return the relative error, or NaN when {@code got} holds a NaN
     * @throws IllegalStateException if the lengths differ
     */
    public static double relativeError(float[] got, double[] ref) {
        if (got.length != ref.length) {
            throw new IllegalStateException("probe: engine returned " + got.length + " values, expected " + ref.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < ref.length; i++) {
            if (Float.isNaN(got[i])) {
                return Double.NaN;
            }
            diff = Math.max(diff, Math.abs(got[i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return diff / Math.max(scale, 1e-12);
    }
}
