package io.brainseg.tune.train;

import io.brainseg.core.train.TrainingListener;
import io.brainseg.core.train.TrainingResult;
import java.nio.file.Path;
import java.util.Map;

/**
 * Trains one run for a trial: the application builds its {@code SegmentationTrainer} from the
 * parameters, adds the given listener and fits. Kept to one method so the adapter survives changes
 * of the trainer's builder.
 */
@FunctionalInterface
public interface TrialRun {

    /**
     * Builds and fits the run.
     *
     * @param params the trial's parameter values by name
     * @param runDirectory where the run writes its config, metrics and checkpoints
     * @param pruning the listener to add to the trainer (reports epochs, stops pruned runs)
     * @return the training result
     * @throws Exception if training fails (the trial is recorded FAIL with the reason)
     */
    TrainingResult fit(Map<String, Object> params, Path runDirectory, TrainingListener pruning) throws Exception;
}
