package io.brainseg.core.train.optim;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The per-run state of a {@link ResumableOptimizer}: its moment arrays (on the manager given at
 * creation) and the number of updates applied.
 */
public interface OptimizerState {

    /**
     * Returns the number of updates applied so far (PyTorch's {@code state['step']}).
     *
     * @return the step count
     */
    long getStep();

    /**
     * Encodes the moments (DJL's {@link NDList#encode()} format), for {@code optimizer.ndlist}.
     * Together with {@link #getStep()} this is everything an exact resume needs.
     *
     * @return the bytes
     */
    byte[] encode();

    /**
     * Applies one update to the weights, in place, and increments the step.
     *
     * @param weights the weights, in the order the state was created with
     * @param grads their gradients, on {@code stepManager}; they may be modified
     * @param lr the learning rate of this step
     * @param stepManager the step's manager: every temporary array is attached to it, so nothing
     *     of a step outlives it
     */
    void update(NDList weights, NDList grads, double lr, NDManager stepManager);
}
