package io.brainseg.core.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay,
 * exactly as PyTorch's {@code torch.optim.SGD}, with a state that can be saved and restored for an
 * exact resume.
 *
 * <p>For step {@code t}, gradient {@code g}, weight {@code w}, learning rate {@code lr}, momentum
 * {@code μ}, dampening {@code τ} and weight decay {@code λ}:
 * <pre>
 *   g ← g + λ·w
 *   b ← g                          at t = 1 (the buffer starts as the first gradient, undamped)
 *   b ← μ·b + (1 − τ)·g            at t &gt; 1
 *   d ← g + μ·b   (Nesterov)   or   d ← b   (classic)
 *   w ← w − lr·d
 * </pre>
 * Nesterov evaluates the momentum "one step ahead", which damps oscillation on steep valleys; as
 * in PyTorch it requires μ &gt; 0 and τ = 0. With μ = 0 there is no buffer and the update is plain
 * {@code w ← w − lr·g}. Defaults: μ 0, τ 0, classic momentum, λ 0 (PyTorch's).
 *
 * <p>This object is an immutable description; {@link #newState} creates the per-run buffers.
 */
public final class ResumableSgd implements ResumableOptimizer {

    /** The type name in {@code config.json}. */
    public static final String TYPE = "SGD";

    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    private ResumableSgd(Builder b) {
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.nesterov = b.nesterov;
        this.weightDecay = b.weightDecay;
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the momentum μ.
     *
     * @return μ
     */
    public double getMomentum() {
        return momentum;
    }

    /**
     * Tells whether the momentum is Nesterov's.
     *
     * @return true for Nesterov momentum
     */
    public boolean isNesterov() {
        return nesterov;
    }

    @Override
    public String getType() {
        return TYPE;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", TYPE);
        o.addProperty("momentum", momentum);
        o.addProperty("dampening", dampening);
        o.addProperty("nesterov", nesterov);
        o.addProperty("weightDecay", weightDecay);
        return o;
    }

    @Override
    public OptimizerState newState(NDManager manager, NDList weights) {
        return new State(Moments.zeros(manager, weights, 1)[0], 0);
    }

    @Override
    public OptimizerState decodeState(NDManager manager, NDList weights, byte[] data, long step) {
        return new State(Moments.decode(manager, weights, data, 1, TYPE)[0], step);
    }

    @Override
    public String toString() {
        return TYPE + toJson();
    }

    /** The momentum buffers, one per weight (zeros, unused, when μ = 0), and the step count. */
    private final class State extends CountedState {
        private final NDList buffers;

        State(NDList buffers, long step) {
            super(new NDList[] {buffers}, step);
            this.buffers = buffers;
        }

        @Override
        public void update(NDList weights, NDList grads, double lr, NDManager stepManager) {
            step++;
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i);
                NDArray g = grads.get(i);
                if (weightDecay != 0) {
                    g = g.add(Moments.local(w.mul(weightDecay), stepManager));
                }
                NDArray d = g;
                if (momentum != 0) {
                    NDArray b = buffers.get(i);
                    if (step == 1) {
                        b.muli(0).addi(g);
                    } else {
                        b.muli(momentum).addi(g.mul(1 - dampening));
                    }
                    d = nesterov ? g.add(Moments.local(b.mul(momentum), stepManager)) : b;
                }
                w.subi(Moments.local(d.mul(lr), stepManager));
            }
        }
    }

    /** Builds a {@link ResumableSgd}. */
    public static final class Builder {
        private double momentum;
        private double dampening;
        private boolean nesterov;
        private double weightDecay;

        private Builder() {}

        /**
         * Sets the momentum μ (default 0: no momentum).
         *
         * @param momentum μ in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Sets the dampening τ of the momentum buffer (default 0).
         *
         * @param dampening τ in [0, 1]
         * @return this builder
         */
        public Builder optDampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        /**
         * Turns Nesterov momentum on (default off); needs a momentum &gt; 0 and no dampening.
         *
         * @param nesterov true for Nesterov momentum
         * @return this builder
         */
        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /**
         * Sets the L2 weight decay λ added to the gradient (default 0).
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
         * @throws IllegalArgumentException if a setting is out of range or Nesterov is asked for
         *     without momentum or with dampening (the message names the setting and value)
         */
        public ResumableSgd build() {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            if (!(dampening >= 0 && dampening <= 1)) {
                throw new IllegalArgumentException("dampening must be in [0, 1], got " + dampening);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
            if (nesterov && (momentum == 0 || dampening != 0)) {
                throw new IllegalArgumentException("nesterov needs momentum > 0 and dampening 0, got momentum "
                        + momentum + ", dampening " + dampening);
            }
            return new ResumableSgd(this);
        }
    }
}
