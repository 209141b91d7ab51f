package io.brainseg.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay
 * Regularization"; PyTorch's {@code torch.optim.AdamW}), or classic Adam with L2 weight decay.
 *
 * <p>brainseg carries its own implementation because the trainer must save and restore the
 * moment estimates for an exact resume, and DJL's optimizers keep them private. For step
 * {@code t}, gradient {@code g}, weight {@code w} and learning rate {@code lr}:
 * <pre>
 *   (Adam only)   g ← g + λ·w
 *   (AdamW only)  w ← w·(1 − lr·λ)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   w ← w − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 * Defaults match PyTorch: β1 0.9, β2 0.999, ε 1e-8; weight decay λ defaults to 0.01 for AdamW and
 * 0 for Adam.
 *
 * <p>This object is an immutable description; the trainer creates the per-run state.
 */
public final class AdamW {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean decoupled;

    private AdamW(Builder b) {
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.decoupled = b.decoupled;
    }

    /**
     * Returns a builder for AdamW (decoupled weight decay, λ = 0.01 unless set).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder(true, 0.01);
    }

    /**
     * Returns a builder for classic Adam (L2 weight decay added to the gradient, λ = 0 unless set).
     *
     * @return the builder
     */
    public static Builder adam() {
        return new Builder(false, 0);
    }

    /**
     * Reads a description written by {@link #toJson()}.
     *
     * @param json the description
     * @return the optimizer
     */
    public static AdamW fromJson(JsonObject json) {
        Builder b = new Builder(json.get("decoupled").getAsBoolean(), json.get("weightDecay").getAsDouble());
        return b.optBetas(json.get("beta1").getAsDouble(), json.get("beta2").getAsDouble())
                .optEpsilon(json.get("epsilon").getAsDouble()).build();
    }

    /**
     * Describes the optimizer for {@code config.json}.
     *
     * @return a JSON object
     */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", decoupled ? "AdamW" : "Adam");
        o.addProperty("decoupled", decoupled);
        o.addProperty("beta1", beta1);
        o.addProperty("beta2", beta2);
        o.addProperty("epsilon", epsilon);
        o.addProperty("weightDecay", weightDecay);
        return o;
    }

    /**
     * Returns the weight decay λ.
     *
     * @return λ
     */
    public double getWeightDecay() {
        return weightDecay;
    }

    /**
     * Tells whether the weight decay is decoupled (AdamW) or added to the gradient (Adam).
     *
     * @return true for AdamW
     */
    public boolean isDecoupled() {
        return decoupled;
    }

    /**
     * Creates the state for the given weights: zero moments on {@code manager}.
     *
     * @param manager owns the moments for the life of the run
     * @param weights the trainable weights, in a fixed order
     * @return the state
     */
    State newState(NDManager manager, NDList weights) {
        NDList m = new NDList();
        NDList v = new NDList();
        for (NDArray w : weights) {
            m.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            v.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
        }
        return new State(m, v, 0);
    }

    /**
     * Loads a state saved by {@link State#encode()}.
     *
     * @param manager owns the moments
     * @param weights the weights, to check shapes against
     * @param data the encoded moments
     * @param step the step count saved beside them
     * @return the state
     * @throws IllegalArgumentException if the count or shapes do not match the weights
     */
    State decodeState(NDManager manager, NDList weights, byte[] data, long step) {
        NDList all = NDList.decode(manager, data);
        if (all.size() != 2 * weights.size()) {
            throw new IllegalArgumentException("optimizer state holds " + all.size() / 2
                    + " moment pairs but the model has " + weights.size() + " trainable parameters");
        }
        NDList m = new NDList();
        NDList v = new NDList();
        for (int i = 0; i < weights.size(); i++) {
            NDArray mi = all.get(i).toDevice(weights.get(i).getDevice(), false);
            NDArray vi = all.get(weights.size() + i).toDevice(weights.get(i).getDevice(), false);
            if (!mi.getShape().equals(weights.get(i).getShape())) {
                throw new IllegalArgumentException("optimizer state for parameter #" + i + " has shape "
                        + mi.getShape() + " but the weight has " + weights.get(i).getShape());
            }
            mi.attach(manager);
            vi.attach(manager);
            m.add(mi);
            v.add(vi);
        }
        return new State(m, v, step);
    }

    /** The moments and the step count of one run. */
    final class State {
        private final NDList m;
        private final NDList v;
        private long step;

        private State(NDList m, NDList v, long step) {
            this.m = m;
            this.v = v;
            this.step = step;
        }

        long getStep() {
            return step;
        }

        byte[] encode() {
            NDList all = new NDList();
            all.addAll(m);
            all.addAll(v);
            return all.encode();
        }

        /**
         * Applies one update in place. Temporaries are attached to {@code stepManager}.
         *
         * @param weights the weights, in the order of {@link #newState}
         * @param grads their gradients, attached to {@code stepManager}
         * @param lr the learning rate
         * @param stepManager the step's manager
         */
        void update(NDList weights, NDList grads, double lr, NDManager stepManager) {
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
                        g = g.add(local(w.mul(weightDecay), stepManager));
                    }
                }
                mi.muli(beta1).addi(g.mul(1 - beta1));
                vi.muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray denom = local(vi.div(bc2), stepManager).sqrt().addi(epsilon);
                NDArray update = local(mi.mul(lr / bc1), stepManager).divi(denom);
                w.subi(update);
            }
        }
    }

    /** Moves an array computed from a long-lived operand onto the step's manager. */
    private static NDArray local(NDArray a, NDManager stepManager) {
        a.attach(stepManager);
        return a;
    }

    /** Builds an {@link AdamW}. */
    public static final class Builder {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay;
        private final boolean decoupled;

        private Builder(boolean decoupled, double weightDecay) {
            this.decoupled = decoupled;
            this.weightDecay = weightDecay;
        }

        /**
         * Sets the moment decay rates.
         *
         * @param beta1 first-moment decay, in [0, 1)
         * @param beta2 second-moment decay, in [0, 1)
         * @return this builder
         */
        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * Sets ε, added to the denominator.
         *
         * @param epsilon a positive number
         * @return this builder
         */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Sets the weight decay λ.
         *
         * @param weightDecay λ &ge; 0
         * @return this builder
         */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalArgumentException if a setting is out of range (named in the message)
         */
        public AdamW build() {
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
            return new AdamW(this);
        }
    }
}
