package io.brainseg.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.brainseg.core.engine.ConvPadding;
import io.brainseg.core.engine.EngineProbe;

/**
 * A square "same"-padded convolution for core's test networks that goes through
 * {@link ConvPadding}, as brainseg's own blocks do. DJL's {@code Conv2d} calls the engine directly
 * and so gets oneDNN's channel-padding defect on machines that have it (NaN losses within a few
 * steps at the default ISA, see docs/engine-defects.md); core cannot use the models module's
 * blocks, so its tests carry this one. Parameters are typed like DJL's {@code Conv2d} (weight
 * {@code F×C×k×k} with the WEIGHT type's initialiser, bias {@code F}), and the input channel count
 * is inferred on initialisation as DJL's block does.
 */
final class SafeConv extends AbstractBlock {

    private final int filters;
    private final int kernel;
    private final Parameter weight;
    private final Parameter bias;

    SafeConv(int filters, int kernel) {
        this.filters = filters;
        this.kernel = kernel;
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .build());
        bias = addParameter(Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(filters))
                .build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(filters, inputShapes[0].get(1), kernel, kernel));
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        // The probe must run before any GradientCollector opens (DJL allows one per process).
        EngineProbe.verdict(manager.getDevice());
        super.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), filters, s.get(2), s.get(3))};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return new NDList(ConvPadding.conv2d(x, w, b, 1, kernel / 2, kernel / 2, training));
    }
}
