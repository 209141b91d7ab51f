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
 * Both checks run at batch 2, which sends libtorch's convolution to oneDNN:
 * <ol>
 *   <li>the input gradient of a {@code 1→2} channel, 2×2-kernel convolution (8×8 input): two
 *       filters are fewer than any oneDNN channel block, so the defect reorders the output gradient
 *       into a channel-padded layout and reads its uninitialised padding;</li>
 *   <li>the forward values of a {@code 17→16} channel, 3×3-kernel convolution (8×8 input): 17
 *       input channels exceed the block and are not a multiple of it.</li>
 * </ol>
 * Inputs are small integers, so float32 results are exact and the references (double loops) are
 * independent of the engine. The channel block the workaround pads to is oneDNN's for the ISA it
 * dispatches to: when the defect is found, a third forward check with 9 input channels (wrong only
 * when the block is 8) tells AVX2/AVX kernels (block 8) from AVX-512 ones (block 16).
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
        double backward;
        double forward17;
        double forward9;
        try (NDManager m = NDManager.newBaseManager(device)) {
            backward = inputGradientError(m);
            forward17 = forwardError(m, 17, 16);
            // Only an affected engine needs its channel block; a healthy one skips the third check.
            forward9 = fails(backward) || fails(forward17) ? forwardError(m, 9, 16) : 0;
        }
        double millis = (System.nanoTime() - start) / 1e6;
        boolean defect = fails(backward) || fails(forward17) || fails(forward9);
        int block = fails(forward9) ? 8 : 16;
        Engine engine = Engine.getInstance();
        return new ProbeVerdict(device.toString(), engine.getEngineName() + " " + engine.getVersion(), defect,
                backward, forward17, block, System.getenv("ONEDNN_MAX_CPU_ISA"), millis);
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

    private static double inputGradientError(NDManager m) {
        int n = 2;
        int c = 1;
        int f = 2;
        int k = 2;
        int h = 8;
        int oh = h - k + 1;
        float[] x = integers(n * c * h * h, 1);
        float[] w = integers(f * c * k * k, 2);
        float[] g = integers(n * f * oh * oh, 3);
        NDArray xa = owned(m, x, new Shape(n, c, h, h));
        NDArray wa = owned(m, w, new Shape(f, c, k, k));
        NDArray ga = owned(m, g, new Shape(n, f, oh, oh));
        xa.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = conv(xa, wa, 0);
            gc.backward(y.mul(ga).sum());
        }
        float[] got = xa.getGradient().toFloatArray();
        double[] ref = new double[x.length];
        for (int a = 0; a < n; a++) {
            for (int o = 0; o < f; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < oh; j++) {
                        double gv = g[((a * f + o) * oh + i) * oh + j];
                        for (int ci = 0; ci < c; ci++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    ref[((a * c + ci) * h + i + u) * h + j + v] += gv * w[((o * c + ci) * k + u) * k + v];
                                }
                            }
                        }
                    }
                }
            }
        }
        return relativeError(got, ref);
    }

    private static double forwardError(NDManager m, int c, int f) {
        int n = 2;
        int k = 3;
        int h = 8;
        int oh = h - k + 1;
        float[] x = integers(n * c * h * h, 4 + c);
        float[] w = integers(f * c * k * k, 5 + c);
        NDArray y = conv(owned(m, x, new Shape(n, c, h, h)), owned(m, w, new Shape(f, c, k, k)), 0);
        float[] got = y.toFloatArray();
        double[] ref = new double[n * f * oh * oh];
        for (int a = 0; a < n; a++) {
            for (int o = 0; o < f; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < oh; j++) {
                        double s = 0;
                        for (int ci = 0; ci < c; ci++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    s += (double) x[((a * c + ci) * h + i + u) * h + j + v]
                                            * w[((o * c + ci) * k + u) * k + v];
                                }
                            }
                        }
                        ref[((a * f + o) * oh + i) * oh + j] = s;
                    }
                }
            }
        }
        return relativeError(got, ref);
    }

    private static NDArray conv(NDArray x, NDArray w, int pad) {
        return Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /** {@code max|got − ref| / max|ref|}, NaN when the engine returned a NaN. */
    static double relativeError(float[] got, double[] ref) {
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
