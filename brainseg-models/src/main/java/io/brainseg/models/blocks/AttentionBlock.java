package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MONAI's attention gate ({@code AttentionBlock}) of the Attention U-Net.
 *
 * <p>Inputs {@code (g, x)}, both {@code N×C×H×W} at the same resolution (g is the upsampled
 * deeper feature). With 1×1 convolutions (bias) and batch norms:
 * {@code ψ = σ(BN(Conv(ReLU(BN(Conv_g(g)) + BN(Conv_x(x))))))} of shape {@code N×1×H×W}, output
 * {@code x·ψ} broadcast over channels. Parameters:
 * {@code 2(C·F + F + 2F) + (F + 1 + 2)} for {@code F = fInt}.
 */
public class AttentionBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SequentialBlock wG;
    private final SequentialBlock wX;
    private final SequentialBlock psi;

    /**
     * Creates the gate.
     *
     * @param fInt intermediate channels F (MONAI: C/2)
     * @param fG channels of g
     * @param fL channels of x
     */
    public AttentionBlock(int fInt, int fG, int fL) {
        super(VERSION);
        wG = addChildBlock("W_g", branch(fG, fInt));
        wX = addChildBlock("W_x", branch(fL, fInt));
        psi = addChildBlock("psi", branch(fInt, 1));
    }

    private static SequentialBlock branch(int in, int out) {
        SequentialBlock b = new SequentialBlock();
        b.add(Convolution.builder().setInChannels(in).setOutChannels(out).optKernelSize(1).optPadding(0)
                .optConvOnly(true).build());
        b.add(ADN.newNorm(out, Norm.BATCH));
        return b;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray g = inputs.get(0);
        NDArray x = inputs.get(1);
        NDArray g1 = wG.forward(ps, new NDList(g), training, params).singletonOrThrow();
        NDArray x1 = wX.forward(ps, new NDList(x), training, params).singletonOrThrow();
        NDArray hidden = Activation.relu(g1.add(x1));
        NDArray p = psi.forward(ps, new NDList(hidden), training, params).singletonOrThrow();
        return new NDList(x.mul(Activation.sigmoid(p)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[1]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        wG.initialize(manager, dataType, inputShapes[0]);
        wX.initialize(manager, dataType, inputShapes[1]);
        psi.initialize(manager, dataType, wX.getOutputShapes(new Shape[] {inputShapes[1]}));
    }
}
