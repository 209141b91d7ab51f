package io.brainseg.tune.sampler;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Sampler;
import io.brainseg.tune.StudyView;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.space.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The tree-structured Parzen estimator (Bergstra et al. 2011) with Optuna 3's semantics and
 * defaults (Optuna's {@code TPESampler}).
 *
 * <p>For each new value: the first {@code nStartupTrials} (10) finished trials are drawn at random.
 * After that the COMPLETE and PRUNED trials are ranked (COMPLETE by value; PRUNED after them by
 * their last step, deeper first, then their last intermediate value) and split into the best
 * {@code γ(n) = min(⌈0.1 n⌉, 25)} ("below") and the rest ("above"); trials without the parameter
 * are then dropped from both. Two {@link ParzenEstimator}s l(x) (below) and g(x) (above) are
 * built, {@code nEiCandidates} (24) candidates are drawn from l, and the candidate with the largest
 * {@code log l(x) − log g(x)} (expected improvement) is returned. Observations are weighted by
 * {@code weights(n)}: 1 for the 25 newest, a linear ramp from {@code 1/n} up to 1 for older ones;
 * the prior kernel has weight {@code priorWeight} (1).
 *
 * <p>Univariate by default (each parameter on its own); {@link Builder#optMultivariate} models the
 * parameters every COMPLETE trial has jointly, with Scott's-rule bandwidths.
 */
public final class TpeSampler implements Sampler {

    private final Random rng;
    private final RandomSampler startup;
    private final int nStartupTrials;
    private final int nEiCandidates;
    private final double priorWeight;
    private final boolean multivariate;
    private final boolean magicClip;
    private final IntUnaryOperator gamma;
    private final IntFunction<double[]> weights;

    private TpeSampler(Builder b) {
        this.rng = new Random(b.seed);
        this.startup = new RandomSampler(rng);
        this.nStartupTrials = b.nStartupTrials;
        this.nEiCandidates = b.nEiCandidates;
        this.priorWeight = b.priorWeight;
        this.multivariate = b.multivariate;
        this.magicClip = b.magicClip;
        this.gamma = b.gamma;
        this.weights = b.weights;
    }

    /**
     * Starts a sampler definition.
     *
     * @return a builder with Optuna's defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Optuna's default γ: {@code min(⌈0.1 n⌉, 25)} trials form the "good" group.
     *
     * @param n the number of finished trials
     * @return the size of the good group
     */
    public static int defaultGamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    /**
     * Optuna's default observation weights, oldest first: all 1 for {@code n < 25}; otherwise a
     * linear ramp from {@code 1/n} to 1 over the {@code n − 25} oldest and 1 for the 25 newest.
     *
     * @param n the number of observations
     * @return the weights
     */
    public static double[] defaultWeights(int n) {
        double[] w = new double[n];
        if (n < 25) {
            Arrays.fill(w, 1.0);
            return w;
        }
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++) {
            w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        }
        Arrays.fill(w, ramp, n, 1.0);
        return w;
    }

    @Override
    public Map<String, Distribution> inferRelativeSearchSpace(StudyView study, FrozenTrial trial) {
        if (!multivariate) {
            return Map.of();
        }
        Map<String, Distribution> space = null;
        for (FrozenTrial t : study.getTrials(TrialState.COMPLETE)) {
            if (space == null) {
                space = new LinkedHashMap<>(t.distributions());
            } else {
                space.entrySet()
                        .removeIf(e -> !e.getValue().equals(t.distributions().get(e.getKey())));
            }
        }
        if (space == null) {
            return Map.of();
        }
        space.values().removeIf(Distribution::isSingle);
        return space;
    }

    @Override
    public Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, Map<String, Distribution> space) {
        if (space.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> out = sample(study, space);
        return out == null ? Map.of() : out;
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        Map<String, Distribution> space = Map.of(name, distribution);
        Map<String, Double> out = sample(study, space);
        return out == null ? startup.sampleIndependent(study, trial, name, distribution) : out.get(name);
    }

    /** Returns the sampled internal values, or null while in the start-up phase. */
    private Map<String, Double> sample(StudyView study, Map<String, Distribution> space) {
        List<FrozenTrial> trials = study.getTrials(TrialState.COMPLETE, TrialState.PRUNED);
        int n = trials.size();
        if (n < nStartupTrials) {
            return null;
        }
        double sign = study.getDirection().minimizationSign();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        double[][] keys = new double[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = rankKey(trials.get(i), sign);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> keys[i][0]).thenComparingDouble(i -> keys[i][1]));
        int nBelow = gamma.applyAsInt(n);
        boolean[] below = new boolean[n];
        for (int r = 0; r < nBelow && r < n; r++) {
            below[order.get(r)] = true;
        }
        Map<String, double[]> obsBelow = observations(trials, below, true, space);
        Map<String, double[]> obsAbove = observations(trials, below, false, space);
        ParzenEstimator l = new ParzenEstimator(obsBelow, space, priorWeight, weights, multivariate, magicClip);
        ParzenEstimator g = new ParzenEstimator(obsAbove, space, priorWeight, weights, multivariate, magicClip);
        Map<String, double[]> candidates = l.sample(rng, nEiCandidates);
        double[] logL = l.logPdf(candidates);
        double[] logG = g.logPdf(candidates);
        int best = 0;
        for (int i = 1; i < logL.length; i++) {
            if (logL[i] - logG[i] > logL[best] - logG[best]) {
                best = i;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String p : space.keySet()) {
            out.put(p, candidates.get(p)[best]);
        }
        return out;
    }

    /**
     * Optuna's ranking key {@code (−step, sign · value)}: COMPLETE trials have step −∞ (first), a
     * PRUNED trial its last step (deeper first) and last intermediate value (NaN as +∞), a PRUNED
     * trial without values the key {@code (1, 0)}.
     */
    static double[] rankKey(FrozenTrial t, double sign) {
        if (t.state() == TrialState.COMPLETE) {
            return new double[] {Double.NEGATIVE_INFINITY, sign * t.value()};
        }
        Integer step = t.lastStep();
        if (step == null) {
            return new double[] {1, 0};
        }
        double v = t.intermediateValues().get(step);
        return new double[] {-step, Double.isNaN(v) ? Double.POSITIVE_INFINITY : sign * v};
    }

    private static Map<String, double[]> observations(
            List<FrozenTrial> trials, boolean[] below, boolean wantBelow, Map<String, Distribution> space) {
        List<FrozenTrial> kept = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            FrozenTrial t = trials.get(i);
            if (below[i] == wantBelow && t.internalParams().keySet().containsAll(space.keySet())) {
                kept.add(t);
            }
        }
        Map<String, double[]> obs = new LinkedHashMap<>();
        for (String p : space.keySet()) {
            double[] v = new double[kept.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = kept.get(i).internalParams().get(p);
            }
            obs.put(p, v);
        }
        return obs;
    }

    /** Builds a {@link TpeSampler}; defaults are Optuna's. */
    public static final class Builder {

        private long seed = System.nanoTime();
        private int nStartupTrials = 10;
        private int nEiCandidates = 24;
        private double priorWeight = 1.0;
        private boolean multivariate;
        private boolean magicClip = true;
        private IntUnaryOperator gamma = TpeSampler::defaultGamma;
        private IntFunction<double[]> weights = TpeSampler::defaultWeights;

        private Builder() {}

        /**
         * Sets the seed (default: the clock, so unseeded runs differ).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets how many finished trials are drawn at random first (default 10).
         *
         * @param n the count, at least 0
         * @return this builder
         */
        public Builder optNStartupTrials(int n) {
            this.nStartupTrials = n;
            return this;
        }

        /**
         * Sets how many candidates are drawn from l(x) (default 24).
         *
         * @param n the count, at least 1
         * @return this builder
         */
        public Builder optNEiCandidates(int n) {
            this.nEiCandidates = n;
            return this;
        }

        /**
         * Sets the prior kernel's weight (default 1).
         *
         * @param w the weight, positive
         * @return this builder
         */
        public Builder optPriorWeight(double w) {
            this.priorWeight = w;
            return this;
        }

        /**
         * Models the parameters jointly (default false: univariate, Optuna's default).
         *
         * @param multivariate true for the multivariate TPE
         * @return this builder
         */
        public Builder optMultivariate(boolean multivariate) {
            this.multivariate = multivariate;
            return this;
        }

        /**
         * Turns the lower clip of kernel widths on or off (default on).
         *
         * @param clip true to clip
         * @return this builder
         */
        public Builder optConsiderMagicClip(boolean clip) {
            this.magicClip = clip;
            return this;
        }

        /**
         * Sets γ, the size of the good group for n finished trials (default
         * {@link TpeSampler#defaultGamma}).
         *
         * @param gamma the function
         * @return this builder
         */
        public Builder optGamma(IntUnaryOperator gamma) {
            this.gamma = gamma;
            return this;
        }

        /**
         * Sets the observation weights (default {@link TpeSampler#defaultWeights}).
         *
         * @param weights the function from n to n non-negative weights, oldest first
         * @return this builder
         */
        public Builder optWeights(IntFunction<double[]> weights) {
            this.weights = weights;
            return this;
        }

        /**
         * Builds the sampler.
         *
         * @return the sampler
         * @throws IllegalArgumentException naming an invalid setting
         */
        public TpeSampler build() {
            if (nStartupTrials < 0) {
                throw new IllegalArgumentException("TPE nStartupTrials must be >= 0, got " + nStartupTrials);
            }
            if (nEiCandidates < 1) {
                throw new IllegalArgumentException("TPE nEiCandidates must be >= 1, got " + nEiCandidates);
            }
            if (!(priorWeight > 0)) {
                throw new IllegalArgumentException("TPE priorWeight must be > 0, got " + priorWeight);
            }
            if (gamma == null || weights == null) {
                throw new IllegalArgumentException("TPE gamma and weights must not be null");
            }
            return new TpeSampler(this);
        }
    }
}
