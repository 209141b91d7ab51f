package io.brainseg.benchmarks.models;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;

/** The timed forward and backward pass over a list of blocks, shared by the block benchmarks. */
final class BlockPasses {

    private BlockPasses() {}

    /**
     * Runs each block on its input with gradients on, backpropagates the output's mean and reads
     * one element of the input gradient, so the whole backward pass has to finish. Every array of
     * the pass lives on a sub-manager of {@code manager} that is closed before returning.
     *
     * @param manager the manager the sub-manager is made from
     * @param blocks the blocks, initialised
     * @param inputs one input per block (copied, never changed)
     * @return the sum of the gradient elements read, a checksum JMH can consume
     */
    static float forwardBackward(NDManager manager, List<? extends Block> blocks, List<NDArray> inputs) {
        float sum = 0;
        try (NDManager step = manager.newSubManager()) {
            for (int i = 0; i < blocks.size(); i++) {
                NDArray x = inputs.get(i).duplicate();
                x.attach(step);
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = blocks.get(i)
                            .forward(new ParameterStore(step, false), new NDList(x), true)
                            .singletonOrThrow();
                    gc.backward(y.mean());
                }
                sum += x.getGradient().get(0, 0, 0, 0).getFloat();
            }
        }
        return sum;
    }
}
