package io.brainseg.core.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;

/**
 * The Adam update shared by {@link ResumableAdamW} (decoupled weight decay) and
 * {@link ResumableAdam} (L2 weight decay); see those classes for the formulas.
 */
final class AdamRule {

    final String type;
    final double beta1;
    final double beta2;
    final double epsilon;
    final double weightDecay;
    final boolean decoupled;

    AdamRule(String type, AdamBuilder<?> b, boolean decoupled) {
        b.validate();
        this.type = type;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.decoupled = decoupled;
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        o.addProperty("beta1", beta1);
        o.addProperty("beta2", beta2);
        o.addProperty("epsilon", epsilon);
        o.addProperty("weightDecay", weightDecay);
        return o;
    }

    OptimizerState newState(NDManager manager, NDList weights) {
        NDList[] mv = Moments.zeros(manager, weights, 2);
        return new State(mv[0], mv[1], 0);
    }

    OptimizerState decodeState(NDManager manager, NDList weights, byte[] data, long step) {
        NDList[] mv = Moments.decode(manager, weights, data, 2, type);
        return new State(mv[0], mv[1], step);
    }

    @Override
    public String toString() {
        return type + toJson();
    }

    /** First and second moments, one pair per weight, and the step count. */
    private final class State extends CountedState {
        private final NDList m;
        private final NDList v;

        State(NDList m, NDList v, long step) {
            super(new NDList[] {m, v}, step);
            this.m = m;
            this.v = v;
        }

        @Override
        public void update(NDList weights, NDList grads, double lr, NDManager stepManager) {
            step++;
            double bc1 = 1 - Math.pow(beta1, step);
            double bc2 = 1 - Math.pow(beta2, step);
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i);
                NDArray g = grads.get(i);
                NDArray mi = m.get(i);
                NDArray vi = v.get(i);
                if (weightDecay != 0) {
                    if (decoupled) {
                        w.muli(1 - lr * weightDecay);
                    } else {
                        g = g.add(Moments.local(w.mul(weightDecay), stepManager));
                    }
                }
                mi.muli(beta1).addi(g.mul(1 - beta1));
                vi.muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray denom = Moments.local(vi.div(bc2), stepManager).sqrt().addi(epsilon);
                NDArray update = Moments.local(mi.mul(lr / bc1), stepManager).divi(denom);
                w.subi(update);
            }
        }
    }
}
