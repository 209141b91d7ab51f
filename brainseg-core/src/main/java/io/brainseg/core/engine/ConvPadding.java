package io.brainseg.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workaround for oneDNN's channel-padding defect: a 2-D convolution that, only on a device
 * where {@link EngineProbe} found the defect, pads input channels and filters with zeros so that
 * oneDNN never reorders into a channel-padded blocked layout (whose padding it would read
 * uninitialised). Every brainseg block that calls the engine's convolution goes through
 * {@link #conv2d}; on a healthy machine it is exactly DJL's {@code Conv2d.conv2d}.
 *
 * <p>With the defect and the channel block {@code b} the probe reports (16 for AVX-512 kernels, 8
 * for AVX2/AVX), for a kernel larger than 1×1 (1×1 convolutions take another path and are right):
 * <ul>
 *   <li>filters {@code F} not a multiple of {@code b} get {@code b − F mod b} zero filters (the
 *       input gradient is otherwise wrong or NaN), and the extra output channels are dropped;</li>
 *   <li>input channels {@code C > b} not a multiple of {@code b} get zero channels up to the next
 *       multiple, in the input and in the weight (the forward values are otherwise wrong). With a
 *       stride above 1 the multiple is {@code 2b}: the strided backward pass blocks the input
 *       gradient's channels two blocks at a time, and an odd number of blocks (48, 80, 112, ...
 *       channels) gives wrong input gradients. Up to {@code b} input channels are read from a plain
 *       layout and need nothing.</li>
 * </ul>
 * The zero channels change no value: zero filters add zero outputs that are cut away, zero input
 * channels meet zero weights. Their gradients are dropped by the concatenation's backward pass.
 * All intermediate arrays go to the input's (the step's) manager.
 *
 * <p>The system property {@value #PROPERTY} overrides the probe: {@code auto} (default),
 * {@code on} (pad to 16 whatever the probe says, to measure the cost on a healthy machine) or
 * {@code off} (never pad: wrong results on an affected machine; for the canary test and for
 * measuring the padding's cost). It is read on every call, so a benchmark may alternate.
 */
public final class ConvPadding {

    /** The system property that overrides the probe: {@code auto}, {@code on} or {@code off}. */
    public static final String PROPERTY = "brainseg.engine.convPadding";

    private static final Logger LOG = LoggerFactory.getLogger(ConvPadding.class);
    private static final Map<Device, Boolean> WARNED = new ConcurrentHashMap<>();

    /** Whether convolutions are padded. */
    public enum Mode {
        /** Pad only where {@link EngineProbe} found the defect (the default). */
        AUTO,
        /** Always pad, to channel block 16. */
        ON,
        /** Never pad. */
        OFF
    }

    /**
     * How to pad: filters to a multiple of {@code filterBlock}; input channels above
     * {@code inThreshold} to a multiple of {@code inBlock}. {@code filterBlock = 0} means no padding.
     */
    record Plan(int filterBlock, int inThreshold, int inBlock) {

        static final Plan NONE = new Plan(0, 0, 0);

        static Plan forBlock(int b) {
            return new Plan(b, b, b);
        }

        /**
         * Used when the verdict is unknown (first asked inside another gradient collector): right
         * for both channel blocks, 8 and 16.
         */
        static final Plan PRECAUTION = new Plan(16, 8, 16);

        boolean active() {
            return filterBlock > 0;
        }

        long filters(long f, long kh, long kw) {
            return active() && (kh > 1 || kw > 1) ? roundUp(f, filterBlock) : f;
        }

        long inChannels(long c, long kh, long kw, long stride) {
            if (!active() || (kh == 1 && kw == 1) || c <= inThreshold) {
                return c;
            }
            // A strided backward pass blocks the input gradient's channels two blocks at a time.
            return roundUp(c, stride > 1 ? 2 * inBlock : inBlock);
        }

        private static long roundUp(long v, int block) {
            return (v + block - 1) / block * block;
        }
    }

    private ConvPadding() {}

    /**
     * Returns the mode the system property {@value #PROPERTY} selects.
     *
     * @return the mode, {@link Mode#AUTO} when the property is unset
     * @throws IllegalArgumentException naming the property and its value if it is not auto, on or off
     */
    public static Mode mode() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            return Mode.AUTO;
        }
        try {
            return Mode.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be auto, on or off, got \"" + v + "\"", e);
        }
    }

    /**
     * Returns whether convolutions on a device are padded under the current mode (probing the
     * device if needed).
     *
     * @param device the device
     * @return true when {@link #conv2d} pads channels there
     */
    public static boolean isActive(Device device) {
        return plan(device).active();
    }

    /**
     * Returns the number of filters a convolution on a device really runs with.
     *
     * @param device the device
     * @param filters F
     * @param kernelSize the square kernel size
     * @return F, or F rounded up to the channel block when padded
     */
    public static long paddedFilters(Device device, long filters, int kernelSize) {
        return plan(device).filters(filters, kernelSize, kernelSize);
    }

    /**
     * Returns the number of input channels a convolution on a device really runs with.
     *
     * @param device the device
     * @param inChannels C
     * @param kernelSize the square kernel size
     * @param stride the stride
     * @return C, or C rounded up to the channel block (two blocks for a stride above 1) when padded
     */
    public static long paddedInChannels(Device device, long inChannels, int kernelSize, int stride) {
        return plan(device).inChannels(inChannels, kernelSize, kernelSize, stride);
    }

    static Plan plan(Device device) {
        Mode mode = mode();
        if (mode == Mode.OFF) {
            return Plan.NONE;
        }
        if (mode == Mode.ON) {
            return Plan.forBlock(16);
        }
        ProbeVerdict v = EngineProbe.cached(device);
        if (v == null) {
            try {
                v = EngineProbe.verdict(device);
            } catch (IllegalStateException e) {
                // DJL allows one GradientCollector per process and the caller holds it.
                if (WARNED.putIfAbsent(device, Boolean.TRUE) == null) {
                    LOG.warn(
                            "oneDNN defect probe for {} could not run inside an open GradientCollector ({}); "
                                    + "padding convolution channels as a precaution until it can. Call "
                                    + "EngineProbe.verdict(device) or initialize the block before training "
                                    + "(docs/engine-defects.md)",
                            device,
                            e.getMessage());
                }
                return Plan.PRECAUTION;
            }
        }
        return v.defect() ? Plan.forBlock(v.channelBlock()) : Plan.NONE;
    }

    /**
     * Convolves like {@code torch.nn.functional.conv2d} (dilation 1, one group), padding channels
     * as the class comment says when the device has the defect.
     *
     * @param x input {@code N×C×H×W}; its manager receives every intermediate array
     * @param w weight {@code F×C×kh×kw}
     * @param b bias {@code F}, or null
     * @param stride the stride (both axes)
     * @param padH zero padding of the rows (each border)
     * @param padW zero padding of the columns (each border)
     * @return {@code N×F×H'×W'} with {@code H' = ⌊(H + 2padH − kh)/stride⌋ + 1}
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, long stride, long padH, long padW) {
        return conv2d(x, w, b, stride, padH, padW, true);
    }

    /**
     * Convolves like {@link #conv2d(NDArray, NDArray, NDArray, long, long, long)}, padding the
     * filters only when an input gradient will be computed: the defect corrupts forward values only
     * through the input channels, so a pass without backward (inference) keeps its filter count and
     * saves the extra output channels. Input channels are padded either way.
     *
     * @param x input {@code N×C×H×W}; its manager receives every intermediate array
     * @param w weight {@code F×C×kh×kw}
     * @param b bias {@code F}, or null
     * @param stride the stride (both axes)
     * @param padH zero padding of the rows (each border)
     * @param padW zero padding of the columns (each border)
     * @param backward whether the pass may be differentiated (training); false only for inference
     * @return {@code N×F×H'×W'}
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, long stride, long padH, long padW, boolean backward) {
        Shape ws = w.getShape();
        long filters = ws.get(0);
        long in = ws.get(1);
        long kh = ws.get(2);
        long kw = ws.get(3);
        Plan plan = plan(x.getDevice());
        long paddedFilters = backward ? plan.filters(filters, kh, kw) : filters;
        long paddedIn = plan.inChannels(in, kh, kw, stride);
        NDManager step = x.getManager();
        NDArray input = x;
        NDArray weight = w;
        NDArray bias = b;
        if (paddedIn > in) {
            Shape xs = x.getShape();
            input = x.concat(
                    step.zeros(
                            new Shape(xs.get(0), paddedIn - in, xs.get(2), xs.get(3)), x.getDataType(), x.getDevice()),
                    1);
            weight = w.concat(step.zeros(new Shape(filters, paddedIn - in, kh, kw), w.getDataType(), w.getDevice()), 1);
            weight.attach(step);
        }
        if (paddedFilters > filters) {
            NDArray zeros =
                    step.zeros(new Shape(paddedFilters - filters, paddedIn, kh, kw), w.getDataType(), w.getDevice());
            weight = weight.concat(zeros, 0);
            weight.attach(step);
            if (b != null) {
                bias = b.concat(step.zeros(new Shape(paddedFilters - filters), b.getDataType(), b.getDevice()), 0);
                bias.attach(step);
            }
        }
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(
                        input, weight, bias, new Shape(stride, stride), new Shape(padH, padW), new Shape(1, 1), 1)
                .singletonOrThrow();
        return paddedFilters > filters ? y.get(new NDIndex(":, :{}", filters)) : y;
    }
}
