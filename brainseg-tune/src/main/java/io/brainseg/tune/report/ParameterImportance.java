package io.brainseg.tune.report;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.space.CategoricalDistribution;
import io.brainseg.tune.space.Distribution;
import io.brainseg.tune.space.FloatDistribution;
import io.brainseg.tune.space.IntDistribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter importance as the first-order share of the objective's variance each parameter
 * explains (the correlation ratio η², a one-dimensional fANOVA estimate from the trials alone):
 * the COMPLETE trials that have the parameter are grouped (by choice for categoricals; for numbers
 * into {@code min(10, ⌈√n⌉)} equal-count bins of the value, in log space for log distributions),
 * and {@code η² = Σ_g n_g (ȳ_g − ȳ)² / Σ_i (y_i − ȳ)²}. The shares are then normalised to sum to
 * 1, as Optuna's importance evaluators report them. Interactions are not attributed.
 */
public final class ParameterImportance {

    private ParameterImportance() {}

    /**
     * Computes the importances.
     *
     * @param trials the study's trials (only COMPLETE ones are used)
     * @return parameter to normalised importance, largest first; empty if nothing varies
     */
    public static Map<String, Double> compute(List<FrozenTrial> trials) {
        List<FrozenTrial> done =
                trials.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        Map<String, Distribution> names = new LinkedHashMap<>();
        done.forEach(t -> t.distributions().forEach(names::putIfAbsent));
        Map<String, Double> raw = new HashMap<>();
        for (Map.Entry<String, Distribution> e : names.entrySet()) {
            List<double[]> xy = new ArrayList<>();
            for (FrozenTrial t : done) {
                Double v = t.internalParams().get(e.getKey());
                if (v != null) {
                    boolean log = e.getValue() instanceof FloatDistribution f && f.log()
                            || e.getValue() instanceof IntDistribution i && i.log();
                    xy.add(new double[] {log ? Math.log(v) : v, t.value()});
                }
            }
            raw.put(e.getKey(), etaSquared(xy, e.getValue() instanceof CategoricalDistribution));
        }
        double sum = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        if (!(sum > 0)) {
            return out;
        }
        raw.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue() / sum));
        return out;
    }

    /**
     * The correlation ratio of y on grouped x.
     *
     * @param xy pairs (x, y)
     * @param categorical group by exact x (else by equal-count bins)
     * @return η² in [0, 1], 0 with fewer than two pairs or no variance
     */
    static double etaSquared(List<double[]> xy, boolean categorical) {
        int n = xy.size();
        if (n < 2) {
            return 0;
        }
        double mean = xy.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double total =
                xy.stream().mapToDouble(p -> (p[1] - mean) * (p[1] - mean)).sum();
        if (!(total > 0)) {
            return 0;
        }
        Map<Double, List<Double>> groups = new HashMap<>();
        if (categorical) {
            xy.forEach(p -> groups.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]));
        } else {
            List<double[]> sorted = new ArrayList<>(xy);
            sorted.sort(Comparator.comparingDouble(p -> p[0]));
            int bins = Math.min(10, (int) Math.ceil(Math.sqrt(n)));
            for (int i = 0; i < n; i++) {
                groups.computeIfAbsent((double) (i * bins / n), k -> new ArrayList<>())
                        .add(sorted.get(i)[1]);
            }
        }
        double between = 0;
        for (List<Double> g : groups.values()) {
            double m = g.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            between += g.size() * (m - mean) * (m - mean);
        }
        return between / total;
    }
}
