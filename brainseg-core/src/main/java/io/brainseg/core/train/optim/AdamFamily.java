package io.brainseg.core.train.optim;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;

/**
 * What {@link ResumableAdamW} and {@link ResumableAdam} share: the description, the state and the
 * update; the two differ only in where weight decay goes (on the weight, or in the gradient). Not
 * meant to be extended outside this package (its constructor is package-private).
 */
public abstract class AdamFamily implements ResumableOptimizer {

    private final AdamRule rule;

    AdamFamily(String type, AdamBuilder<?> builder, boolean decoupled) {
        this.rule = new AdamRule(type, builder, decoupled);
    }

    /**
     * Returns the weight decay λ.
     *
     * @return λ
     */
    public double getWeightDecay() {
        return rule.weightDecay;
    }

    @Override
    public String getType() {
        return rule.type;
    }

    @Override
    public JsonObject toJson() {
        return rule.toJson();
    }

    @Override
    public OptimizerState newState(NDManager manager, NDList weights) {
        return rule.newState(manager, weights);
    }

    @Override
    public OptimizerState decodeState(NDManager manager, NDList weights, byte[] data, long step) {
        return rule.decodeState(manager, weights, data, step);
    }

    @Override
    public String toString() {
        return rule.toString();
    }
}
