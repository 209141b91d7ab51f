package io.brainseg.models.blocks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code y = max(x, 0)} as a parameter-free block of any shape. */
public class ReLU extends AbstractBlock {

    /** Creates the block. */
    public ReLU() {
        super((byte) 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(inputs.singletonOrThrow().getNDArrayInternal().relu());
    }

    @Override
    public String toString() {
        return "ReLU()";
    }
}
