package io.brainseg.tune.train;

import io.brainseg.core.train.Monitor;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.tune.Objective;
import io.brainseg.tune.Trial;
import io.brainseg.tune.TrialPrunedException;
import io.brainseg.tune.space.SearchSpace;
import java.nio.file.Path;
import java.util.Map;

/**
 * An {@link Objective} that trains one normal run per trial: suggests the search space's
 * parameters, trains in {@code STUDY_DIR/trials/trial-NNNN} (stored as the trial's user attribute
 * {@value #RUN_DIR}) with a {@link TrialPruningListener}, and returns the best monitored value of
 * the run (the epoch the best checkpoint holds). A pruned run throws
 * {@link TrialPrunedException}; a run whose best value is NaN (diverged, no epoch) fails.
 */
public final class TrainerObjective implements Objective {

    /** The user attribute holding a trial's run directory. */
    public static final String RUN_DIR = "run_dir";

    private final SearchSpace space;
    private final Path studyDirectory;
    private final TrialRun run;
    private final Monitor monitor;

    private TrainerObjective(Builder b) {
        this.space = b.space;
        this.studyDirectory = b.studyDirectory;
        this.run = b.run;
        this.monitor = b.monitor;
    }

    /**
     * Starts an objective definition.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the run directory of a trial number.
     *
     * @param studyDirectory the study directory
     * @param number the trial number
     * @return {@code studyDirectory/trials/trial-NNNN}
     */
    public static Path runDirectory(Path studyDirectory, int number) {
        return studyDirectory.resolve("trials").resolve(String.format("trial-%04d", number));
    }

    @Override
    public double evaluate(Trial trial) throws Exception {
        Map<String, Object> params = space.suggest(trial);
        Path dir = runDirectory(studyDirectory, trial.getNumber());
        trial.setUserAttr(RUN_DIR, dir.toAbsolutePath().toString());
        TrialPruningListener pruning = new TrialPruningListener(trial, monitor);
        TrainingResult result = run.fit(params, dir, pruning);
        if (pruning.isPruned()) {
            throw new TrialPrunedException(pruning.getPruneMessage());
        }
        if (Double.isNaN(result.getBestValue())) {
            throw new IllegalStateException(
                    "run " + dir + " has no best value (stop reason: " + result.getStopReason() + ")");
        }
        return result.getBestValue();
    }

    /** Builds a {@link TrainerObjective}. */
    public static final class Builder {

        private SearchSpace space;
        private Path studyDirectory;
        private TrialRun run;
        private Monitor monitor;

        private Builder() {}

        /**
         * Sets the search space (required).
         *
         * @param space the space
         * @return this builder
         */
        public Builder setSearchSpace(SearchSpace space) {
            this.space = space;
            return this;
        }

        /**
         * Sets the study directory the trial runs go under (required).
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder setStudyDirectory(Path dir) {
            this.studyDirectory = dir;
            return this;
        }

        /**
         * Sets how a run is trained (required).
         *
         * @param run the run
         * @return this builder
         */
        public Builder setRun(TrialRun run) {
            this.run = run;
            return this;
        }

        /**
         * Sets the value reported each epoch (default: the trainer's monitor).
         *
         * @param monitor the monitor
         * @return this builder
         */
        public Builder optMonitor(Monitor monitor) {
            this.monitor = monitor;
            return this;
        }

        /**
         * Builds the objective.
         *
         * @return the objective
         * @throws IllegalArgumentException naming a missing setting
         */
        public TrainerObjective build() {
            if (space == null) {
                throw new IllegalArgumentException("trainer objective search space must be set, got null");
            }
            if (studyDirectory == null) {
                throw new IllegalArgumentException("trainer objective study directory must be set, got null");
            }
            if (run == null) {
                throw new IllegalArgumentException("trainer objective run must be set, got null");
            }
            return new TrainerObjective(this);
        }
    }
}
