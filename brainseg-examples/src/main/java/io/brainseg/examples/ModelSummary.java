package io.brainseg.examples;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.Pair;
import io.brainseg.models.blocks.ConvTranspose2d;

/**
 * Size and cost of a network for one {@code 1×3×S×S} slice: trainable parameters, and convolution
 * multiply-accumulates counted as in the golden networks file: {@code C_out·H_out·W_out·C_in·k²}
 * for a convolution and {@code C_in·H_in·W_in·C_out·k²} for a transposed convolution (that is, the
 * weight's element count times the output plane, or the input plane for a transposed one); norms,
 * activations, biases and additions are not counted.
 *
 * <p>The input shape of every convolution comes from the block tree after initialisation: DJL
 * records each block's input shapes when it initialises it, so no forward pass is run.
 *
 * @param parameters trainable parameter count (BatchNorm running statistics excluded)
 * @param convMacs convolution multiply-accumulates per slice
 * @param convolutions the number of (transposed) convolutions
 */
record ModelSummary(long parameters, long convMacs, int convolutions) {

    /**
     * Initialises the block for {@code 1×inChannels×size×size} and counts.
     *
     * @param block an uninitialised block
     * @param inChannels input channels
     * @param size slice side
     * @return the summary
     */
    static ModelSummary of(Block block, int inChannels, int size) {
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, inChannels, size, size));
            long params = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                // BatchNorm's running mean and variance are state, not trainable parameters.
                if (p.getValue().requiresGradient()) {
                    params += p.getValue().getArray().size();
                }
            }
            long[] acc = new long[2];
            walk(block, acc);
            return new ModelSummary(params, acc[0], (int) acc[1]);
        }
    }

    private static void walk(Block block, long[] acc) {
        // brainseg's networks use their own Conv2dLayer (see io.brainseg.models.blocks.Conv2dLayer); DJL's is
        // counted too so the summary also works for plain DJL blocks.
        boolean conv = block instanceof Conv2d || block instanceof io.brainseg.models.blocks.Conv2dLayer;
        if (conv || block instanceof ConvTranspose2d) {
            Shape in = block.describeInput().get(0).getValue();
            long weights = block.getParameters().get("weight").getArray().size();
            Shape plane = conv ? block.getOutputShapes(new Shape[] {in})[0] : in;
            acc[0] += weights * plane.get(2) * plane.get(3);
            acc[1]++;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            walk(child.getValue(), acc);
        }
    }
}
