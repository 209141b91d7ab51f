package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MONAI's {@code SkipConnection} in "cat" mode: {@code y = concat([x, submodule(x)], axis 1)}, the
 * skip tensor first. Input {@code N×C×H×W}; the submodule must keep H×W; the output has
 * {@code C + C_sub} channels.
 */
public class SkipConnection extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block submodule;

    /**
     * Creates the connection.
     *
     * @param submodule the deeper path
     */
    public SkipConnection(Block submodule) {
        super(VERSION);
        this.submodule = addChildBlock("submodule", submodule);
    }

    /** @return the deeper path */
    public Block getSubmodule() {
        return submodule;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray deeper = submodule.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(x.concat(deeper, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape sub = submodule.getOutputShapes(inputShapes)[0];
        if (sub.get(2) != in.get(2) || sub.get(3) != in.get(3)) {
            throw new IllegalArgumentException("SkipConnection: submodule maps " + in + " to " + sub
                    + "; the spatial size must be kept to concatenate");
        }
        return new Shape[] {new Shape(in.get(0), in.get(1) + sub.get(1), in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        submodule.initialize(manager, dataType, inputShapes);
    }
}
