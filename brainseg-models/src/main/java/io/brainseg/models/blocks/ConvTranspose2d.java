package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A 2-D transposed convolution (PyTorch's {@code ConvTranspose2d}), which DJL's PyTorch engine
 * lacks ({@code Conv2dTranspose} throws "Not implemented").
 *
 * <p>Input {@code N×inChannels×H×W}, output {@code N×outChannels×H'×W'} with
 * {@code H' = (H−1)·stride − 2·padding + kernelSize + outputPadding} (likewise W'). The weight has
 * PyTorch's layout {@code inChannels×outChannels×k×k}, so parameter counts and checkpoints line up
 * with MONAI: {@code y[n,o,i,j] = b[o] + Σ_{c,a,b} x[n,c,p,q]·w[c,o,a,b]} over
 * {@code i = p·stride − padding + a}, {@code j = q·stride − padding + b}.
 *
 * <p>Three equivalent algorithms are built from {@code conv2d}:
 * <ul>
 *   <li>{@link Algorithm#SUB_PIXEL} (default): output pixels of one phase {@code (i mod s, j mod s)}
 *       see a fixed subset of the kernel taps, so all {@code s²} phases are computed by a single
 *       stride-1 convolution with {@code s²·outChannels} filters of size {@code D×D}
 *       ({@code D ≈ k/s}) and interleaved by reshape/transpose (pixel shuffle). It costs
 *       {@code s²D²/k²} of the transposed conv's MACs (16/9 for k=3, s=2) instead of {@code s²}.</li>
 *   <li>{@link Algorithm#PHASES}: the same phases, each by its own stride-1 convolution with only the
 *       taps it sees ({@code 1×1, 1×2, 2×1, 2×2} for k=3, s=2), stacked into place: the
 *       transposed convolution's MACs (plus the border rows and columns that symmetric padding
 *       adds), in {@code s²} smaller calls.</li>
 *   <li>{@link Algorithm#ZERO_INSERTION}: inserts {@code s−1} zeros between input pixels and runs a
 *       stride-1 convolution with the flipped kernel; {@code s²} times the MACs.</li>
 * </ul>
 * The weights each algorithm derives from the parameters are computed in every forward pass on the
 * input's (the step's) manager, never on the model's, so they are freed with the step.
 */
public class ConvTranspose2d extends ConvLayer {

    /** How the transposed convolution is computed; both give the same values. */
    public enum Algorithm {
        /** One stride-1 convolution for all stride² output phases, then a pixel shuffle. */
        SUB_PIXEL,
        /** Zero insertion between input pixels, then a stride-1 convolution. */
        ZERO_INSERTION,
        /**
         * One stride-1 convolution per output phase, each with only the taps that phase sees,
         * then an interleave: the transposed convolution's MACs, in stride² calls.
         */
        PHASES
    }

    private final int outputPadding;
    private final Algorithm algorithm;
    // Sub-pixel geometry along one axis: input offsets dMin..dMax are read for each output phase.
    private final int dMin;
    private final int dMax;

    ConvTranspose2d(Builder b) {
        // torch.nn.ConvTranspose2d's weight is C_in×C_out×k×k, and PyTorch takes fan_in from its
        // second axis, C_out·k², for a transposed convolution.
        super("ConvTranspose2d", b, b.inChannels, b.outChannels);
        outputPadding = b.outputPadding;
        algorithm = b.algorithm;
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int r = 0; r < stride; r++) {
            for (int kk = 0; kk < kernelSize; kk++) {
                int v = r + padding - kk;
                if (Math.floorMod(v, stride) == 0) {
                    lo = Math.min(lo, Math.floorDiv(v, stride));
                    hi = Math.max(hi, Math.floorDiv(v, stride));
                }
            }
        }
        dMin = lo;
        dMax = hi;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the extra rows/columns added at the bottom/right of the output */
    public int getOutputPadding() {
        return outputPadding;
    }

    /** @return the algorithm in use */
    public Algorithm getAlgorithm() {
        return algorithm;
    }

    /**
     * Returns the output length along one spatial axis.
     *
     * @param in the input length
     * @return {@code (in−1)·stride − 2·padding + kernelSize + outputPadding}
     */
    @Override
    public long outputSize(long in) {
        return (in - 1) * stride - 2L * padding + kernelSize + outputPadding;
    }

    @Override
    NDArray convolve(NDArray x, NDArray w, NDArray b, boolean training) {
        return switch (algorithm) {
            case SUB_PIXEL -> subPixel(x, w, b, training);
            case ZERO_INSERTION -> zeroInsertion(x, w, b, training);
            case PHASES -> phases(x, w, b, training);
        };
    }

    private NDArray subPixel(NDArray x, NDArray w, NDArray b, boolean training) {
        NDManager step = x.getManager();
        Phases g = new Phases(x.getShape());
        NDArray kernel = subPixelKernel(w, step);
        NDArray kernelBias = null;
        if (b != null) {
            // One bias per (channel, phase), channel-major like the kernel's filters.
            kernelBias = b.repeat(0, (long) stride * stride);
            kernelBias.attach(step);
        }
        long ph = Math.max(0, Math.max(-dMin, g.qh + dMax - g.h));
        long pw = Math.max(0, Math.max(-dMin, g.qw + dMax - g.w));
        NDArray y = Conv2dLayer.conv2d(x, kernel, kernelBias, 1, ph, pw, training);
        y = window(y, dMin + ph, dMin + pw, g.qh, g.qw);
        return g.crop(y.reshape(g.n, outChannels, stride, stride, g.qh, g.qw)
                .transpose(0, 1, 4, 2, 5, 3)
                .reshape(g.n, outChannels, g.qh * stride, g.qw * stride));
    }

    /**
     * Builds the sub-pixel kernel {@code (s²·outC)×inC×D×D} from the weight; filter
     * {@code o·s² + rh·s + rw} holds the taps of output phase (rh, rw) in correlation order.
     */
    private NDArray subPixelKernel(NDArray w, NDManager step) {
        int s = stride;
        int k = kernelSize;
        int d = dMax - dMin + 1;
        // In the flipped kernel, phase r reads taps c_r, c_r + s, ..., one per input offset.
        int[] start = new int[s];
        int minStart = Integer.MAX_VALUE;
        int maxEnd = Integer.MIN_VALUE;
        for (int r = 0; r < s; r++) {
            start[r] = k - 1 - r - padding + s * dMin;
            minStart = Math.min(minStart, start[r]);
            maxEnd = Math.max(maxEnd, start[r] + s * (d - 1));
        }
        int left = Math.max(0, -minStart);
        int right = Math.max(0, maxEnd - (k - 1));
        NDArray flipped = w.flip(2, 3);
        flipped.attach(step);
        NDArray padded = left == 0 && right == 0 ? flipped : flipped.pad(new Shape(left, right, left, right), 0);
        List<NDArray> phases = new ArrayList<>(s * s);
        for (int rh = 0; rh < s; rh++) {
            for (int rw = 0; rw < s; rw++) {
                int h0 = start[rh] + left;
                int w0 = start[rw] + left;
                phases.add(padded.get(new NDIndex(
                        ":, :, {}:{}:{}, {}:{}:{}", h0, h0 + s * (d - 1) + 1, s, w0, w0 + s * (d - 1) + 1, s)));
            }
        }
        NDArray stacked = phases.size() == 1 ? phases.get(0).expandDims(2) : NDArrays.stack(new NDList(phases), 2);
        return stacked.reshape(inChannels, (long) outChannels * s * s, d, d).transpose(1, 0, 2, 3);
    }

    private NDArray phases(NDArray x, NDArray w, NDArray b, boolean training) {
        NDManager step = x.getManager();
        Phases g = new Phases(x.getShape());
        NDArray flipped = w.flip(2, 3);
        flipped.attach(step);
        PhaseTaps[] columns = new PhaseTaps[stride];
        for (int rw = 0; rw < stride; rw++) {
            columns[rw] = PhaseTaps.of(rw, kernelSize, stride, padding, g.w, g.qw);
        }
        List<NDArray> rows = new ArrayList<>(stride);
        for (int rh = 0; rh < stride; rh++) {
            PhaseTaps th = PhaseTaps.of(rh, kernelSize, stride, padding, g.h, g.qh);
            List<NDArray> row = new ArrayList<>(stride);
            for (PhaseTaps tw : columns) {
                row.add(phase(x, flipped, b, th, tw, g, training));
            }
            // N×C×qh×qw×s: the phases of one output row, interleaved along W.
            rows.add(row.size() == 1 ? row.get(0).expandDims(4) : NDArrays.stack(new NDList(row), 4));
        }
        return g.crop((rows.size() == 1 ? rows.get(0).expandDims(3) : NDArrays.stack(new NDList(rows), 3))
                .reshape(g.n, outChannels, g.qh * stride, g.qw * stride));
    }

    /** One output phase, N×outC×qh×qw (rows and columns past the output are computed from the zero padding). */
    private NDArray phase(
            NDArray x, NDArray flipped, NDArray b, PhaseTaps th, PhaseTaps tw, Phases g, boolean training) {
        NDManager step = x.getManager();
        if (th.taps == 0 || tw.taps == 0) {
            // No kernel tap reaches this phase: the bias alone (stride > kernel size).
            NDArray zeros = step.zeros(new Shape(g.n, outChannels, g.qh, g.qw), x.getDataType(), x.getDevice());
            if (b == null) {
                return zeros;
            }
            NDArray column = b.reshape(1, outChannels, 1, 1);
            column.attach(step);
            return zeros.add(column);
        }
        NDArray kernel = flipped.get(new NDIndex(
                        ":, :, {}:{}:{}, {}:{}:{}",
                        th.first,
                        th.first + stride * (th.taps - 1) + 1,
                        stride,
                        tw.first,
                        tw.first + stride * (tw.taps - 1) + 1,
                        stride))
                .transpose(1, 0, 2, 3);
        NDArray y = Conv2dLayer.conv2d(x, kernel, b, 1, th.pad, tw.pad, training);
        // The padding makes every phase qh×qw; rows and columns past the output are cropped after the interleave.
        return window(y, th.offset + th.pad, tw.offset + tw.pad, g.qh, g.qw);
    }

    /**
     * The kernel taps that output phase {@code r} of one axis reads: output {@code q·s + r} is
     * {@code Σ_j x[q + offset + j]·flipped[first + j·s]} for {@code j < taps}.
     *
     * @param taps how many taps (0 when the stride exceeds the kernel)
     * @param first the first tap's index in the flipped kernel
     * @param offset the input offset of the first tap
     * @param pad the symmetric zero padding the stride-1 convolution needs on this axis to give
     *     {@code q} outputs
     */
    private record PhaseTaps(int taps, int first, int offset, long pad) {

        static PhaseTaps of(int r, int k, int s, int padding, long in, long q) {
            // Tap kk reaches phase r when r + padding − kk is a multiple of s, from input offset (r + padding − kk)/s.
            int largest = -1;
            int taps = 0;
            for (int kk = k - 1; kk >= 0; kk--) {
                if (Math.floorMod(r + padding - kk, s) == 0) {
                    largest = taps == 0 ? kk : largest;
                    taps++;
                }
            }
            if (taps == 0) {
                return new PhaseTaps(0, 0, 0, 0);
            }
            int offset = Math.floorDiv(r + padding - largest, s);
            long pad = Math.max(0, Math.max(-offset, q - 1 + offset + taps - 1 - (in - 1)));
            return new PhaseTaps(taps, k - 1 - largest, offset, pad);
        }
    }

    private NDArray zeroInsertion(NDArray x, NDArray w, NDArray b, boolean training) {
        NDManager step = x.getManager();
        long n = x.getShape().get(0);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        int s = stride;
        NDArray dilated = x;
        if (s > 1) {
            dilated = x.reshape(n, inChannels, h, 1, wd, 1)
                    .pad(new Shape(0, s - 1, 0, 0, 0, s - 1), 0)
                    .reshape(n, inChannels, h * s, wd * s);
        }
        NDArray kernel = w.flip(2, 3);
        kernel.attach(step);
        kernel = kernel.transpose(1, 0, 2, 3);
        // The dilated input already carries s−1 trailing zeros; pad the rest symmetrically, crop after.
        long before = kernelSize - 1L - padding;
        long after = kernelSize - 1L - padding + outputPadding - (s - 1);
        long pad = Math.max(before, after);
        NDArray y = Conv2dLayer.conv2d(dilated, kernel, b, 1, pad, pad, training);
        long start = pad - before;
        return window(y, start, start, outputSize(h), outputSize(wd));
    }

    /** {@code y[:, :, top:top+rows, left:left+cols]}, or {@code y} itself when that is all of it. */
    private static NDArray window(NDArray y, long top, long left, long rows, long cols) {
        Shape s = y.getShape();
        if (top == 0 && left == 0 && s.get(2) == rows && s.get(3) == cols) {
            return y;
        }
        return y.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + rows, left, left + cols));
    }

    /**
     * The phase geometry of one call: batch {@code n}, input {@code h×w}, output {@code outH×outW},
     * and {@code qh×qw} output rows and columns per phase (rounded up; the interleave is cropped).
     */
    private final class Phases {
        final long n;
        final long h;
        final long w;
        final long outH;
        final long outW;
        final long qh;
        final long qw;

        Phases(Shape input) {
            n = input.get(0);
            h = input.get(2);
            w = input.get(3);
            outH = outputSize(h);
            outW = outputSize(w);
            qh = (outH + stride - 1) / stride;
            qw = (outW + stride - 1) / stride;
        }

        /** Crops the interleaved {@code N×C×qh·s×qw·s} phases to the output size. */
        NDArray crop(NDArray interleaved) {
            return window(interleaved, 0, 0, outH, outW);
        }
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(" + inChannels + ", " + outChannels + ", kernel_size=" + kernelSize
                + ", stride=" + stride + ", padding=" + padding + ", output_padding=" + outputPadding
                + ", bias=" + bias + ", algorithm=" + algorithm + ")";
    }

    /**
     * Builds a {@link ConvTranspose2d}; in and out channels and kernel size are required (see
     * {@link ConvLayerBuilder}), the padding is at most k−1.
     */
    public static final class Builder extends ConvLayerBuilder<Builder> {
        private int outputPadding;
        private Algorithm algorithm = Algorithm.SUB_PIXEL;

        Builder() {
            super("ConvTranspose2d");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the output padding (default 0), 0 ≤ outputPadding &lt; stride.
         *
         * @param outputPadding rows/columns added at the bottom/right of the output
         * @return this builder
         */
        public Builder optOutputPadding(int outputPadding) {
            this.outputPadding = outputPadding;
            return this;
        }

        /**
         * Sets the algorithm (default {@link Algorithm#SUB_PIXEL}, the fastest at UNet's shapes).
         *
         * @param algorithm the algorithm
         * @return this builder
         */
        public Builder optAlgorithm(Algorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public ConvTranspose2d build() {
            validateLayer(kernelSize - 1);
            require(outputPadding >= 0 && outputPadding < stride, "outputPadding", outputPadding);
            requireNonNull(algorithm, "algorithm");
            return new ConvTranspose2d(this);
        }
    }
}
