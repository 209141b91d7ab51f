package io.brainseg.models.blocks;

import ai.djl.ndarray.types.Shape;

/** The input check of the blocks that take one {@code N×C×H×W} array with a fixed C. */
final class Nchw {

    private Nchw() {}

    /**
     * Rejects an input that is not 4-D with {@code channels} channels.
     *
     * @param block the block's name in the message
     * @param s the input's shape
     * @param channels the C the block was built for
     * @throws IllegalArgumentException {@code "<block> expects N×C×H×W input, got <shape>"}
     */
    static void require(String block, Shape s, long channels) {
        if (s.dimension() != 4 || s.get(1) != channels) {
            throw new IllegalArgumentException(block + " expects N×" + channels + "×H×W input, got " + s);
        }
    }
}
