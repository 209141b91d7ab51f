package io.brainseg.tune.sampler;

import io.brainseg.tune.space.CategoricalDistribution;
import io.brainseg.tune.space.Distribution;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * A Parzen estimator over one or several parameters (Optuna 3's {@code _ParzenEstimator}): a
 * weighted mixture with one kernel per observation plus a prior kernel.
 *
 * <p>Numeric parameters (in {@link NumericBounds}' sampling space) get truncated normal kernels
 * centred on the observations; the prior kernel sits at {@code (low + high)/2} with
 * {@code σ = high − low}. Univariate bandwidths: each kernel's σ is the larger gap to its sorted
 * neighbours (the bounds count as neighbours), except that the first and last observation use the
 * gap to their inner neighbour only (Optuna's {@code consider_endpoints=False}); the prior is sorted
 * in with the observations. Multivariate bandwidths (Scott's rule as in BOHB):
 * {@code σ = 0.2 · max(n, 1)^(−1/(d + 4)) · (high − low)}. Then the "magic clip":
 * {@code σ ∈ [(high − low)/min(100, 1 + K), high − low]} with K the number of kernels; the prior's σ
 * is set after the clip. Stepped parameters integrate each kernel over the step's cell
 * {@code [x − step/2, x + step/2] ∩ [low, high]}.
 *
 * <p>Categorical parameters get their own estimator per kernel: the probability vector
 * {@code prior/(n+1)} on every choice plus 1 on the observed choice, normalised (the prior kernel is
 * uniform).
 *
 * <p>Mixture weights: {@code weights(n)} for the observations (ordered oldest first) and
 * {@code priorWeight} for the prior, normalised. A sample's log density is
 * {@code log Σ_k w_k Π_p k_{k,p}(x_p)}.
 */
final class ParzenEstimator {

    private static final double EPS = 1e-12;
    private static final double SIGMA0_MAGNITUDE = 0.2;

    private final Map<String, Distribution> space;
    private final double[] weights;
    private final Map<String, NumericBounds> bounds = new LinkedHashMap<>();
    private final Map<String, double[]> mus = new LinkedHashMap<>();
    private final Map<String, double[]> sigmas = new LinkedHashMap<>();
    private final Map<String, double[][]> categoricalWeights = new LinkedHashMap<>();

    /**
     * Builds the estimator.
     *
     * @param observations internal values by parameter, all arrays of the same length n, oldest
     *     first
     * @param space the parameters' distributions
     * @param priorWeight the prior kernel's weight
     * @param weightsFunction the observation weights for n observations
     * @param multivariate Scott's-rule bandwidths instead of neighbour gaps
     * @param considerMagicClip whether to clip σ from below by {@code range/min(100, 1+K)}
     */
    ParzenEstimator(
            Map<String, double[]> observations,
            Map<String, Distribution> space,
            double priorWeight,
            IntFunction<double[]> weightsFunction,
            boolean multivariate,
            boolean considerMagicClip) {
        this.space = space;
        int n = observations.values().iterator().next().length;
        double[] w = Arrays.copyOf(weightsFunction.apply(n), n + 1);
        w[n] = priorWeight;
        double sum = Arrays.stream(w).sum();
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        this.weights = w;
        double sigma0 = SIGMA0_MAGNITUDE * Math.pow(Math.max(n, 1), -1.0 / (space.size() + 4));
        for (Map.Entry<String, Distribution> e : space.entrySet()) {
            String name = e.getKey();
            double[] obs = observations.get(name);
            if (e.getValue() instanceof CategoricalDistribution c) {
                categoricalWeights.put(name, categoricalKernels(obs, c.choices().size(), priorWeight));
            } else {
                NumericBounds b = NumericBounds.of(e.getValue());
                bounds.put(name, b);
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = b.toSampling(obs[i]);
                }
                numericKernels(name, x, b, multivariate ? sigma0 : Double.NaN, considerMagicClip);
            }
        }
    }

    private static double[][] categoricalKernels(double[] obs, int nChoices, double priorWeight) {
        int n = obs.length;
        double[][] k = new double[n + 1][nChoices];
        double value = priorWeight / (n + 1);
        for (int i = 0; i <= n; i++) {
            Arrays.fill(k[i], value);
            if (i < n) {
                k[i][(int) obs[i]] += 1;
            }
            double s = Arrays.stream(k[i]).sum();
            for (int j = 0; j < nChoices; j++) {
                k[i][j] /= s;
            }
        }
        return k;
    }

    private void numericKernels(String name, double[] x, NumericBounds b, double sigma0, boolean magicClip) {
        int n = x.length;
        double low = b.low();
        double high = b.high();
        double[] mu = Arrays.copyOf(x, n + 1);
        mu[n] = 0.5 * (low + high);
        double[] sigma = new double[n + 1];
        if (!Double.isNaN(sigma0)) {
            Arrays.fill(sigma, sigma0 * (high - low));
        } else {
            Integer[] order = new Integer[n + 1];
            for (int i = 0; i <= n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> mu[i]));
            double[] ext = new double[n + 3];
            ext[0] = low;
            for (int i = 0; i <= n; i++) {
                ext[i + 1] = mu[order[i]];
            }
            ext[n + 2] = high;
            double[] sorted = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                sorted[i] = Math.max(ext[i + 1] - ext[i], ext[i + 2] - ext[i + 1]);
            }
            if (ext.length >= 4) {
                sorted[0] = ext[2] - ext[1];
                sorted[n] = ext[n + 1] - ext[n];
            }
            for (int i = 0; i <= n; i++) {
                sigma[order[i]] = sorted[i];
            }
        }
        double maxSigma = high - low;
        double minSigma = magicClip ? (high - low) / Math.min(100.0, 1.0 + (n + 1)) : EPS;
        for (int i = 0; i <= n; i++) {
            sigma[i] = Math.min(Math.max(sigma[i], minSigma), maxSigma);
        }
        sigma[n] = high - low;
        mus.put(name, mu);
        sigmas.put(name, sigma);
    }

    /**
     * Returns the normalised mixture weights (observations, then the prior).
     *
     * @return a copy of the weights
     */
    double[] weights() {
        return weights.clone();
    }

    /** The kernel centres of a numeric parameter, in sampling space, prior last. */
    double[] mus(String name) {
        return mus.get(name).clone();
    }

    /** The kernel widths of a numeric parameter, prior last. */
    double[] sigmas(String name) {
        return sigmas.get(name).clone();
    }

    /**
     * Draws samples: a kernel by weight, then each parameter from that kernel.
     *
     * @param rng the generator
     * @param size the number of samples
     * @return internal values by parameter
     */
    Map<String, double[]> sample(Random rng, int size) {
        int[] active = new int[size];
        for (int s = 0; s < size; s++) {
            active[s] = pick(rng, weights);
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String name : space.keySet()) {
            double[] v = new double[size];
            double[][] cat = categoricalWeights.get(name);
            for (int s = 0; s < size; s++) {
                if (cat != null) {
                    v[s] = pick(rng, cat[active[s]]);
                } else {
                    NumericBounds b = bounds.get(name);
                    int k = active[s];
                    double x = TruncatedNormal.sample(
                            rng.nextDouble(), b.low(), b.high(), mus.get(name)[k], sigmas.get(name)[k]);
                    v[s] = b.fromSampling(x);
                }
            }
            out.put(name, v);
        }
        return out;
    }

    private static int pick(Random rng, double[] p) {
        double u = rng.nextDouble();
        double c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i];
            if (u < c) {
                return i;
            }
        }
        return p.length - 1;
    }

    /**
     * Computes the mixture's log density at each sample.
     *
     * @param samples internal values by parameter, arrays of one length
     * @return the log densities
     */
    double[] logPdf(Map<String, double[]> samples) {
        int size = samples.values().iterator().next().length;
        int k = weights.length;
        double[] out = new double[size];
        double[] comp = new double[k];
        for (int s = 0; s < size; s++) {
            for (int j = 0; j < k; j++) {
                comp[j] = Math.log(weights[j]);
            }
            for (String name : space.keySet()) {
                double v = samples.get(name)[s];
                double[][] cat = categoricalWeights.get(name);
                if (cat != null) {
                    for (int j = 0; j < k; j++) {
                        comp[j] += Math.log(cat[j][(int) v]);
                    }
                } else {
                    addNumeric(comp, bounds.get(name), mus.get(name), sigmas.get(name), v);
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double c : comp) {
                max = Math.max(max, c);
            }
            double sum = 0;
            for (double c : comp) {
                sum += Math.exp(c - max);
            }
            out[s] = Math.log(sum) + max;
        }
        return out;
    }

    private static void addNumeric(double[] comp, NumericBounds b, double[] mu, double[] sigma, double internal) {
        double x = b.toSampling(internal);
        for (int j = 0; j < comp.length; j++) {
            if (b.step() == 0) {
                comp[j] += TruncatedNormal.logPdf(x, b.low(), b.high(), mu[j], sigma[j]);
            } else {
                double upper = Math.min(x + b.step() / 2, b.high());
                double lower = Math.max(x - b.step() / 2, b.low());
                comp[j] += TruncatedNormal.logGaussMass((lower - mu[j]) / sigma[j], (upper - mu[j]) / sigma[j])
                        - TruncatedNormal.logGaussMass((b.low() - mu[j]) / sigma[j], (b.high() - mu[j]) / sigma[j]);
            }
        }
    }
}
