package io.brainseg.transforms.intensity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Reshapes a batch so that each sample (or each sample-channel) is one row, because the PyTorch
 * engine reduces over one axis only: {@code N×C×...} becomes {@code N×(C·…)} or, channel-wise,
 * {@code N×C×(…)}; statistics are taken over the last axis with {@code keepDims}.
 */
final class SampleGroups {

    private SampleGroups() {}

    /**
     * Returns the grouped view of {@code x}.
     *
     * @param x a batch of rank ≥ 2 ({@code N×C×...})
     * @param channelWise whether each channel is its own group
     * @return the reshaped array
     */
    static NDArray group(NDArray x, boolean channelWise) {
        Shape s = x.getShape();
        long n = s.get(0);
        if (channelWise) {
            return x.reshape(n, s.get(1), -1);
        }
        return x.reshape(n, -1);
    }

    /**
     * Returns the reduction axis of a grouped array.
     *
     * @param grouped the grouped array
     * @return its last axis
     */
    static int axis(NDArray grouped) {
        return grouped.getShape().dimension() - 1;
    }
}
