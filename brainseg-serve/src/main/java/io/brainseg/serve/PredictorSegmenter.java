package io.brainseg.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.batch.SliceContext;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.train.Checkpoint;
import io.brainseg.data.PlanarImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link SliceSegmenter} over the core {@link SegmentationPredictor}: a batch of slices becomes
 * one {@code N×3×H×W} uint8 array (the layout the predictor builds from a {@code BufferedImage}),
 * and {@link SegmentationPredictor#predictProbabilities} runs it in one forward pass on a manager
 * that is closed before returning.
 *
 * <p>The predictor is borrowed, not owned: close it after the server has stopped.
 *
 * <p>Only 2-D networks are served. A 2.5-D network ({@code train --context K},
 * {@link SegmentationPredictor#getContext()} {@code > 0}) needs each slice's neighbours, which the
 * server's batching of independent slices (also those of a patient upload) does not give it: it is
 * refused here, before a server starts, rather than fed slices without their context.
 */
public final class PredictorSegmenter implements SliceSegmenter {

    private final SegmentationPredictor predictor;
    private final Map<String, Object> description;
    private final String checkpointId;

    /**
     * Wraps a predictor loaded from {@code run}.
     *
     * @param predictor the predictor
     * @param run the run (or checkpoint) directory it was loaded from, read for {@code /v1/model}
     * @throws IllegalArgumentException if {@code run} holds no checkpoint, or its network is 2.5-D
     */
    public PredictorSegmenter(SegmentationPredictor predictor, Path run) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        if (predictor.getContext() > 0) {
            throw new IllegalArgumentException(run + ": this model takes "
                    + SliceContext.describe(predictor.getContext()) + ", a slice with its neighbours, and the server "
                    + "segments slices independently; predict a patient's folder with 'brainseg predict' instead");
        }
        Path dir = Checkpoint.locate(run);
        JsonObject meta = readJson(dir.resolve(Checkpoint.META));
        String sha = meta != null && meta.has("parametersSha256")
                ? meta.get("parametersSha256").getAsString()
                : "";
        this.checkpointId =
                sha.length() >= 12 ? sha.substring(0, 12) : dir.getFileName().toString();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("checkpointId", checkpointId);
        d.put("checkpoint", dir.toAbsolutePath().toString());
        d.put("spec", JsonParser.parseString(predictor.getSpec().toJson()));
        d.put("threshold", predictor.getThreshold());
        d.put("flipAveraging", predictor.isFlipAveraging());
        if (meta != null) {
            d.put("epoch", meta.get("epoch").getAsInt());
            d.put("inputShape", meta.get("inputShape"));
            d.put("parametersSha256", sha);
            if (meta.has("versions")) {
                d.put("versions", meta.get("versions"));
            }
        }
        JsonObject state = readJson(dir.resolve(Checkpoint.STATE));
        if (state != null && state.has("history") && meta != null) {
            // The training figures of the epoch this checkpoint was written after.
            int epoch = meta.get("epoch").getAsInt();
            state.getAsJsonArray("history").forEach(e -> {
                if (e.getAsJsonObject().get("epoch").getAsInt() == epoch) {
                    d.put("training", e);
                }
            });
            d.put("epochsCompleted", state.get("epochsCompleted").getAsInt());
        }
        this.description = Map.copyOf(d);
    }

    private static JsonObject readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public float[][] probabilities(List<PlanarImage> slices) {
        PlanarImage first = slices.get(0);
        int h = first.height();
        int w = first.width();
        int plane = first.planes().length;
        byte[] all = new byte[plane * slices.size()];
        for (int i = 0; i < slices.size(); i++) {
            PlanarImage s = slices.get(i);
            if (s.height() != h || s.width() != w || s.bands() != first.bands()) {
                throw new IllegalArgumentException("slices of one batch must have one size: " + first.bands() + "×" + h
                        + "×" + w + " and " + s.bands() + "×" + s.height() + "×" + s.width());
            }
            System.arraycopy(s.planes(), 0, all, i * plane, plane);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(ByteBuffer.wrap(all), new Shape(slices.size(), first.bands(), h, w), DataType.UINT8);
            float[] p = predictor.predictProbabilities(x).toFloatArray();
            float[][] out = new float[slices.size()][h * w];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(p, i * h * w, out[i], 0, h * w);
            }
            return out;
        }
    }

    @Override
    public double getThreshold() {
        return predictor.getThreshold();
    }

    @Override
    public String getCheckpointId() {
        return checkpointId;
    }

    @Override
    public Map<String, Object> describe() {
        return description;
    }
}
