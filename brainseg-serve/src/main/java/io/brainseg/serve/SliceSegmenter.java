package io.brainseg.serve;

import io.brainseg.data.PlanarImage;
import java.util.List;
import java.util.Map;

/**
 * What the server runs: a network that maps a batch of same-size slices to foreground
 * probabilities. {@link PredictorSegmenter} adapts the core predictor; tests and other back ends
 * implement it directly.
 *
 * <p>The mask of a slice is {@code probability > threshold}, the rule of
 * {@link io.brainseg.core.predict.Prediction#getMask()}, so a mask served is byte-for-byte the
 * mask the predictor gives for the same slice.
 */
public interface SliceSegmenter {

    /**
     * Runs one forward pass over slices of equal size.
     *
     * @param slices {@code 3×H×W} 8-bit slices, all of the same {@code H×W}
     * @return per slice, {@code H·W} probabilities in row-major order
     */
    float[][] probabilities(List<PlanarImage> slices);

    /**
     * Returns the threshold on the probability.
     *
     * @return the threshold in (0, 1)
     */
    double getThreshold();

    /**
     * Returns an id for the loaded parameters, reported with every answer so a client knows which
     * model produced it (for a run: the first 12 hex digits of the parameters' SHA-256).
     *
     * @return the checkpoint id
     */
    String getCheckpointId();

    /**
     * Describes the model for {@code GET /v1/model}: spec, checkpoint, threshold, training figures.
     *
     * @return a map Gson serialises (strings, numbers, booleans, lists, maps, Gson {@code JsonElement}s)
     */
    Map<String, Object> describe();
}
