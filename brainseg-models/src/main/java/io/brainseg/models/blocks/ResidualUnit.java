package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MONAI's {@code ResidualUnit} in 2-D: {@code y = conv(x) + residual(x)}, nothing after the add.
 *
 * <ul>
 *   <li>conv: {@code subunits} {@link Convolution}s, the first {@code in→out} with the stride, the
 *       others {@code out→out} with stride 1; with {@code lastConvOnly} the last one is a bare
 *       convolution.</li>
 *   <li>residual: a {@code k×k} convolution with the same stride and padding when
 *       {@code stride ≠ 1} (a full 3×3, not 1×1), a 1×1 convolution when only the channel count
 *       changes, the identity otherwise.</li>
 * </ul>
 * Input {@code N×in×H×W}, output {@code N×out×H/s×W/s} (for even sizes and k=3).
 */
public class ResidualUnit extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block residual;
    private final SequentialBlock conv;

    /**
     * Creates the unit.
     *
     * @param inChannels C_in
     * @param outChannels C_out
     * @param stride stride of the first subunit and the residual path
     * @param kernelSize square kernel size
     * @param subunits number of convolutions on the conv path, ≥ 1
     * @param act activation of the ADN units
     * @param norm normalisation of the ADN units
     * @param dropout dropout rate of the ADN units
     * @param lastConvOnly whether the last subunit is a bare convolution
     * @throws IllegalArgumentException naming the value if subunits is invalid
     */
    public ResidualUnit(int inChannels, int outChannels, int stride, int kernelSize, int subunits, Act act,
            Norm norm, double dropout, boolean lastConvOnly) {
        super(VERSION);
        if (subunits < 1) {
            throw new IllegalArgumentException("ResidualUnit: invalid subunits = " + subunits);
        }
        conv = new SequentialBlock();
        int channels = inChannels;
        int s = stride;
        for (int su = 0; su < subunits; su++) {
            conv.add(Convolution.builder()
                    .setInChannels(channels)
                    .setOutChannels(outChannels)
                    .optKernelSize(kernelSize)
                    .optStride(s)
                    .optAct(act)
                    .optNorm(norm)
                    .optDropout(dropout)
                    .optConvOnly(lastConvOnly && su == subunits - 1)
                    .build());
            channels = outChannels;
            s = 1;
        }
        if (stride != 1 || inChannels != outChannels) {
            int rk = stride != 1 ? kernelSize : 1;
            int rp = (rk - 1) / 2;
            // Registered first: MONAI computes the residual before the conv path.
            residual = addChildBlock("residual", new Conv2d(inChannels, outChannels, rk, stride, rp, true));
        } else {
            residual = null;
        }
        addChildBlock("conv", conv);
    }

    /**
     * Returns the residual path.
     *
     * @return the residual convolution, or null for the identity
     */
    public Block getResidual() {
        return residual;
    }

    /**
     * Returns the conv path.
     *
     * @return the sequence of {@link Convolution}s
     */
    public SequentialBlock getConv() {
        return conv;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray res = residual == null
                ? inputs.singletonOrThrow()
                : residual.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray cx = conv.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(cx.add(res));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (residual != null) {
            residual.initialize(manager, dataType, inputShapes);
        }
        conv.initialize(manager, dataType, inputShapes);
    }
}
