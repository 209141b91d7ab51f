package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.brainseg.core.engine.Scalars;

/**
 * Parametric ReLU with one learnt slope shared by all channels (PyTorch's {@code PReLU()} with
 * {@code num_parameters=1}), MONAI's default activation: {@code y = x} for {@code x > 0}, else
 * {@code y = a·x}, with {@code a} initialised to 0.25 (one parameter of shape (1)).
 *
 * <p>DJL's own {@code Prelu} block fails on this engine, hence this block. With
 * {@code training = false} the forward pass is a single leaky ReLU at the slope's current value,
 * which is faster but gives the slope no gradient; train with {@code training = true}.
 */
public class PReLU extends AbstractBlock {

    private static final byte VERSION = 1;

    /** PyTorch's initial slope. */
    public static final float DEFAULT_INIT = 0.25f;

    private final float init;
    private final Parameter alpha;

    /** Creates a PReLU with the initial slope 0.25. */
    public PReLU() {
        this(DEFAULT_INIT);
    }

    /**
     * Creates a PReLU.
     *
     * @param init the initial slope for negative inputs
     */
    public PReLU(float init) {
        super(VERSION);
        this.init = init;
        alpha = addParameter(Parameter.builder()
                .setName("alpha")
                // OTHER, not WEIGHT: a trainer's default weight initialiser must not reset the slope.
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer(init))
                .build());
    }

    /** @return the initial slope */
    public float getInit() {
        return init;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = ps.getValue(alpha, x.getDevice(), training);
        if (!training) {
            // Inference: the slope needs no gradient, so one fused leaky-ReLU pass at the slope's
            // current value replaces the three passes below (a one-value host read).
            return new NDList(Activation.leakyRelu(x, a.getFloat()));
        }
        // y = x + (a − 1)·min(x, 0): two fused passes forward and back, about a third cheaper
        // than where(x > 0, x, a·x). a − 1 is derived from a parameter: it goes to the step.
        NDArray slopeMinusOne = a.sub(1);
        slopeMinusOne.attach(x.getManager());
        return new NDList(x.add(x.minimum(Scalars.like(x, 0)).mul(slopeMinusOne)));
    }

    @Override
    public String toString() {
        return "PReLU(num_parameters=1, init=" + init + ")";
    }
}
