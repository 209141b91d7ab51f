package io.brainseg.core.train.optim;

import ai.djl.ndarray.NDList;

/**
 * An optimizer state made of per-weight moment lists and a step count: the part of
 * {@link OptimizerState} every optimizer here shares. Subclasses implement the update.
 */
abstract class CountedState implements OptimizerState {

    /** The moment lists, each with one array per weight, in the order they are encoded. */
    final NDList[] moments;
    /** Updates applied so far. */
    long step;

    CountedState(NDList[] moments, long step) {
        this.moments = moments;
        this.step = step;
    }

    @Override
    public long getStep() {
        return step;
    }

    @Override
    public byte[] encode() {
        return Moments.encode(moments);
    }
}
