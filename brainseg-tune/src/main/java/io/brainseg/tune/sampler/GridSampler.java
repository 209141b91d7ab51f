package io.brainseg.tune.sampler;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Sampler;
import io.brainseg.tune.StudyView;
import io.brainseg.tune.space.Distribution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Visits the Cartesian product of given values (Optuna's {@code GridSampler}). Each trial takes a
 * grid point no trial of the study has taken yet, chosen at random among those left, and stores its
 * index as the system attribute {@code grid_id}, so several workers share one grid. Once every
 * point was taken, points are drawn again at random. Parameters not in the grid are an error.
 */
public final class GridSampler implements Sampler {

    /** The system attribute naming a trial's grid point. */
    public static final String GRID_ID = "grid_id";

    private final List<String> names;
    private final List<List<Object>> values;
    private final int size;
    private final Random rng;
    private final Map<Long, Integer> gridIdByTrial = new HashMap<>();

    /**
     * Creates the sampler.
     *
     * @param grid values of each parameter, in order
     * @param seed the seed for the order in which points are visited
     * @throws IllegalArgumentException if a parameter has no values
     */
    public GridSampler(Map<String, List<?>> grid, long seed) {
        this.names = new ArrayList<>(grid.keySet());
        this.values = new ArrayList<>();
        int n = 1;
        for (Map.Entry<String, List<?>> e : new LinkedHashMap<>(grid).entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("grid of '" + e.getKey() + "' has no values");
            }
            values.add(List.copyOf(e.getValue()));
            n = Math.multiplyExact(n, e.getValue().size());
        }
        this.size = n;
        this.rng = new Random(seed);
    }

    /**
     * Returns the number of grid points.
     *
     * @return the product of the value counts
     */
    public int gridSize() {
        return size;
    }

    /**
     * Tells whether every grid point was taken by some trial of the study.
     *
     * @param study the study
     * @return true if none is left
     */
    public boolean isExhausted(StudyView study) {
        return visited(study).size() >= size;
    }

    private Set<Integer> visited(StudyView study) {
        Set<Integer> seen = new HashSet<>();
        for (FrozenTrial t : study.getTrials()) {
            String id = t.systemAttrs().get(GRID_ID);
            if (id != null) {
                seen.add(Integer.parseInt(id));
            }
        }
        return seen;
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        int p = names.indexOf(name);
        if (p < 0) {
            throw new IllegalArgumentException("parameter '" + name + "' is not in the grid " + names);
        }
        int gridId = gridIdByTrial.computeIfAbsent(trial.trialId(), k -> {
            String stored = trial.systemAttrs().get(GRID_ID);
            if (stored != null) {
                return Integer.parseInt(stored);
            }
            Set<Integer> seen = visited(study);
            List<Integer> left = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                if (!seen.contains(i)) {
                    left.add(i);
                }
            }
            int id = left.isEmpty() ? rng.nextInt(size) : left.get(rng.nextInt(left.size()));
            study.setTrialSystemAttr(trial.trialId(), GRID_ID, Integer.toString(id));
            return id;
        });
        int rest = gridId;
        for (int i = names.size() - 1; i > p; i--) {
            rest /= values.get(i).size();
        }
        Object v = values.get(p).get(rest % values.get(p).size());
        double internal = distribution.toInternal(v);
        if (!distribution.contains(internal)) {
            throw new IllegalArgumentException("grid value " + v + " of '" + name + "' is not in " + distribution);
        }
        return internal;
    }
}
