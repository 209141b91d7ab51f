package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.model.ModelSpecProvider;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.task.BinarySegmentationTask;
import io.brainseg.core.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --context 1} end to end: a 9-channel run is trained on synthetic data, evaluated and
 * predicted per patient with the same stacking, and refused where a slice would lose its neighbours.
 */
class ContextCommandsTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path data;
    private static Path run;
    private static String trainOutput;

    @BeforeAll
    static void trainWithContextOne() {
        data = Cli.syntheticData(shared.resolve("data"), 4, 6);
        run = shared.resolve("run");
        trainOutput = Cli.run(0, Cli.tinyTrain(data, run, "--val-fraction", "0.25", "--context", "1"))
                .out();
    }

    @Test
    void theRunTakesNineChannelsAndRecordsTheContext() throws Exception {
        assertThat(trainOutput).contains("Input: 9-channel 2.5-D input (context 1)", "best epoch 1/1:");
        JsonObject spec = JsonParser.parseString(
                        Files.readString(run.resolve("best").resolve(Checkpoint.SPEC)))
                .getAsJsonObject();
        assertThat(spec.toString()).contains("\"inChannels\":9");
        List<String> args = new ArrayList<>();
        for (JsonElement a : JsonParser.parseString(Files.readString(run.resolve(TrainCommand.COMMAND_FILE)))
                .getAsJsonObject()
                .getAsJsonArray("args")) {
            args.add(a.getAsString());
        }
        assertThat(String.join(" ", args)).contains("--context 1");
        try (SegmentationPredictor p = SegmentationPredictor.load(run)) {
            assertThat(p.getInputChannels()).isEqualTo(9);
            assertThat(p.getContext()).isEqualTo(1);
        }
    }

    @Test
    void evaluateStacksLikePredictOnEachPatientFolder() throws Exception {
        Path evalDir = tmp.resolve("eval");
        String printed = Cli.run(
                        0,
                        "evaluate",
                        "--run",
                        run.toString(),
                        "--data",
                        data.toString(),
                        "--size",
                        "32",
                        "--out",
                        evalDir.toString())
                .out();
        assertThat(printed).contains("Input: 9-channel 2.5-D input (context 1)");
        assertThat(Cli.number(printed, "per-patient Dice")).isBetween(0.0, 1.0);
        Map<String, Long> evaluated = new HashMap<>();
        JsonObject json = JsonParser.parseString(Files.readString(evalDir.resolve("evaluation.json")))
                .getAsJsonObject();
        for (JsonElement e : json.getAsJsonArray("slices")) {
            JsonObject s = e.getAsJsonObject();
            evaluated.put(
                    s.get("patient").getAsString() + "_" + s.get("slice").getAsInt(),
                    s.get("predicted_pixels").getAsLong());
        }
        assertThat(evaluated).hasSize(24);

        // predict reads the TIFFs again and stacks each folder by file name: another path to the
        // same network input, so the masks must agree with evaluate's slice for slice.
        String predicted = Cli.run(
                        0,
                        "predict",
                        "--run",
                        run.toString(),
                        "--input",
                        data.toString(),
                        "--output",
                        tmp.resolve("pred").toString())
                .out();
        Matcher m = Pattern.compile("([^/\\s]+)\\.tif: (\\d+) tumour pixels").matcher(predicted);
        int lines = 0;
        while (m.find()) {
            lines++;
            long fromPredict = Long.parseLong(m.group(2));
            assertThat(evaluated.get(m.group(1)))
                    .as("slice %s (batches of different size may round the last bit differently)", m.group(1))
                    .isCloseTo(fromPredict, org.assertj.core.data.Offset.offset(2L));
        }
        assertThat(lines).isEqualTo(24);
        assertThat(predicted).contains("24 slices");
    }

    @Test
    void aSingleSliceIsRefusedByPredictAndTheRunByServe() throws Exception {
        Path slice;
        try (Stream<Path> s = Files.walk(data)) {
            slice = s.filter(p -> p.toString().endsWith("_3.tif")).findFirst().orElseThrow();
        }
        String err = Cli.run(
                        1,
                        "predict",
                        "--run",
                        run.toString(),
                        "--input",
                        slice.toString(),
                        "--output",
                        tmp.resolve("one").toString())
                .err();
        assertThat(err)
                .contains("this model takes 9-channel 2.5-D input (context 1)")
                .contains("predict a patient's folder instead");
        assertThat(tmp.resolve("one")).doesNotExist();

        String served =
                Cli.run(1, "serve", "--run", run.toString(), "--port", "0").err();
        assertThat(served).contains("9-channel 2.5-D input (context 1)", "segments slices independently");
    }

    @Test
    void badContextsAndAChangedContextOnResumeAreRefused() {
        assertThat(Cli.run(2, "train", "--data", data.toString(), "--context", "-1")
                        .err())
                .contains("--context must be >= 0")
                .contains("got -1");
        assertThat(Cli.run(2, "train", "--resume", run.toString(), "--context", "0")
                        .err())
                .contains("--context cannot be changed with --resume");
    }

    @Test
    void evaluateRefusesANetworkWhoseChannelsAreNotWholeSlices() throws Exception {
        Path odd = tmp.resolve("six");
        Block net = ModelChoice.UNET.build(6, 4, 0, 0.0);
        Shape input = new Shape(1, 6, 32, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, input);
            Checkpoint.writeWeights(
                    odd.resolve(Checkpoint.BEST),
                    net,
                    ((ModelSpecProvider) net).getSpec(),
                    input,
                    BinarySegmentationTask.builder().build());
        }
        String err = Cli.run(1, "evaluate", "--run", odd.toString(), "--data", data.toString(), "--size", "32")
                .err();
        assertThat(err).contains("takes 6 input channels", "3·(2K+1)");
    }
}
