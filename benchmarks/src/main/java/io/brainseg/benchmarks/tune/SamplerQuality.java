package io.brainseg.benchmarks.tune;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Sampler;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.sampler.RandomSampler;
import io.brainseg.tune.sampler.TpeSampler;
import io.brainseg.tune.storage.JdbcStorage;
import io.brainseg.tune.study.Study;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Sampler quality on Branin (2-D), Hartmann-6 and a noisy 1-D function (Forrester + N(0, 1)): for
 * each seed, one study per sampler with a fixed budget of trials, and the best value found. For the
 * noisy function the score is the true (noise-free) value at the trial with the best observed value.
 * Prints CSV lines {@code function,sampler,seed,best}; {@code benchmarks/tune/sampler_quality.sh}
 * runs this and the Optuna twin and makes the table. Not a test: run by hand.
 *
 * <p>Usage: {@code SamplerQuality SEEDS BUDGET_BRANIN BUDGET_HARTMANN BUDGET_NOISY}.
 */
public final class SamplerQuality {

    private SamplerQuality() {}

    /**
     * Runs the benchmark.
     *
     * @param args seeds and the three budgets
     */
    public static void main(String[] args) {
        int seeds = Integer.parseInt(args[0]);
        int[] budgets = {Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])};
        String[] functions = {"branin", "hartmann6", "noisy_forrester"};
        System.out.println("function,sampler,seed,best");
        for (int f = 0; f < 3; f++) {
            for (int seed = 0; seed < seeds; seed++) {
                for (String name : new String[] {"brainseg_random", "brainseg_tpe"}) {
                    Sampler s = name.equals("brainseg_tpe")
                            ? TpeSampler.builder().optSeed(seed).build()
                            : new RandomSampler(seed);
                    System.out.printf(
                            "%s,%s,%d,%.6f%n", functions[f], name, seed, run(functions[f], s, budgets[f], seed));
                }
            }
        }
    }

    private static double run(String function, Sampler sampler, int budget, long seed) {
        Random noise = new Random(1000 + seed);
        try (JdbcStorage storage = JdbcStorage.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
                Study study = Study.builder()
                        .setStudyName(function)
                        .setStorage(storage)
                        .optDirection(StudyDirection.MINIMIZE)
                        .optSampler(sampler)
                        .build()) {
            study.optimize(
                    trial -> switch (function) {
                        case "branin" -> TestFunctions.branin(
                                trial.suggestFloat("x1", -5, 10), trial.suggestFloat("x2", 0, 15));
                        case "hartmann6" -> {
                            double[] x = new double[6];
                            for (int i = 0; i < 6; i++) {
                                x[i] = trial.suggestFloat("x" + i, 0, 1);
                            }
                            yield TestFunctions.hartmann6(x);
                        }
                        default -> TestFunctions.noisyForrester(trial.suggestFloat("x", 0, 1), noise);
                    },
                    budget,
                    null);
            List<FrozenTrial> done = study.getTrials(TrialState.COMPLETE);
            FrozenTrial best = done.stream()
                    .min(Comparator.comparingDouble(FrozenTrial::value))
                    .orElseThrow();
            return function.equals("noisy_forrester")
                    ? TestFunctions.forrester((Double) best.params().get("x"))
                    : best.value();
        }
    }
}
