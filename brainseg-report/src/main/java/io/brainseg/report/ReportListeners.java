package io.brainseg.report;

import io.brainseg.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The presentation listeners a command-line run adds to the trainer's default set:
 *
 * <pre>{@code
 * SegmentationTrainer.Builder b = SegmentationTrainer.builder()...;
 * ReportListeners.create(4, true).forEach(b::addListener);
 * }</pre>
 */
public final class ReportListeners {

    private ReportListeners() {}

    /**
     * Creates new presentation listeners: curves, prediction images (when {@code predictionSamples}
     * &gt; 0) and, unless {@code quiet}, the console progress bar.
     *
     * @param predictionSamples validation slices per prediction image, 0 for none
     * @param quiet true for no console output
     * @return a new modifiable list, in call order
     * @throws IllegalArgumentException if {@code predictionSamples} is negative
     */
    public static List<TrainingListener> create(int predictionSamples, boolean quiet) {
        if (predictionSamples < 0) {
            throw new IllegalArgumentException("predictionSamples must be >= 0, got " + predictionSamples);
        }
        List<TrainingListener> list = new ArrayList<>();
        list.add(new CurvePlotter());
        if (predictionSamples > 0) {
            list.add(new PredictionLogger(predictionSamples));
        }
        if (!quiet) {
            list.add(new ConsoleProgress());
        }
        return list;
    }
}
