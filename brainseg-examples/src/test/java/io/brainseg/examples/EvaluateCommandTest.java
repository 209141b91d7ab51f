package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void evaluatesEveryPatientAtFullSizeWithTableJsonAndFigures() throws Exception {
        Path run = Cli.tinyRun();
        Path out = tmp.resolve("eval");
        String printed = Cli.run(0, Cli.tinyEvaluate(out)).out();
        assertThat(printed).contains("patient", "Dice-LCC", "HD95", "sens", "prec");
        for (String label : new String[] {"per-slice Dice", "per-patient Dice", "with largest comp.", "sensitivity"}) {
            assertThat(Cli.number(printed, label)).as(label).isBetween(0.0, 1.0);
        }
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("evaluation.json")))
                .getAsJsonObject();
        assertThat(json.getAsJsonObject("summary").get("patients").getAsInt()).isEqualTo(4);
        assertThat(json.getAsJsonObject("summary").get("slices").getAsInt()).isEqualTo(24);
        assertThat(json.getAsJsonObject("summary").get("lcc_connectivity").getAsInt())
                .isEqualTo(26);
        assertThat(printed).contains("(26-connected)");
        JsonArray slices = json.getAsJsonArray("slices");
        Map<String, long[]> pixels = new HashMap<>();
        for (var e : slices) {
            JsonObject s = e.getAsJsonObject();
            // MONAI convention: a slice without tumour has no Dice.
            assertThat(s.get("dice").isJsonNull())
                    .isEqualTo(s.get("truth_pixels").getAsInt() == 0);
            long[] sums = pixels.computeIfAbsent(s.get("patient").getAsString(), k -> new long[2]);
            sums[0] += s.get("truth_pixels").getAsLong();
            sums[1] += s.get("predicted_pixels").getAsLong();
        }
        // A patient's voxel counts come from the volume confusion counts; the slice rows count the
        // same masks one slice at a time, so the two must agree.
        for (var e : json.getAsJsonArray("patients")) {
            JsonObject p = e.getAsJsonObject();
            long[] sums = pixels.get(p.get("patient").getAsString());
            assertThat(p.get("truth_voxels").getAsLong())
                    .as("truth voxels")
                    .isEqualTo(sums[0])
                    .isPositive();
            assertThat(p.get("predicted_voxels").getAsLong())
                    .as("predicted voxels")
                    .isEqualTo(sums[1]);
            assertThat(printed)
                    .containsPattern(p.get("patient").getAsString() + "\\s+6\\s+" + sums[0] + "\\s+" + sums[1] + "\\s");
        }
        // The by-area bins, recomputed from the slice rows with the same edges.
        long[] edges = {1, 300, 1000, 3000, Long.MAX_VALUE};
        JsonArray bins = json.getAsJsonObject("summary").getAsJsonArray("slice_dice_by_area");
        assertThat(bins).hasSize(4);
        int binned = 0;
        for (int b = 0; b < 4; b++) {
            int n = 0;
            double sum = 0;
            for (var e : slices) {
                JsonObject s = e.getAsJsonObject();
                long t = s.get("truth_pixels").getAsLong();
                if (t >= edges[b] && t < edges[b + 1]) {
                    n++;
                    sum += s.get("dice").getAsDouble();
                }
            }
            JsonObject bin = bins.get(b).getAsJsonObject();
            assertThat(bin.get("slices").getAsInt()).as("bin %d", b).isEqualTo(n);
            if (n > 0) {
                assertThat(bin.get("dice").getAsDouble()).as("bin %d", b).isCloseTo(sum / n, within(1e-12));
            }
            binned += n;
        }
        assertThat(binned).isPositive();
        assertThat(printed).contains("tumour 1-300 px", "tumour >=3000 px");
        for (String f : new String[] {"best.png", "worst.png", "worst-overall.png"}) {
            var img = ImageIO.read(out.resolve(f).toFile());
            assertThat(img.getWidth()).isEqualTo(3 * 256);
            assertThat(img.getHeight()).isEqualTo(3 * 256);
        }
        assertThat(Files.readString(out.resolve("report.html"))).contains("src=\"worst-overall.png\"");
    }

    @Test
    void patientsFileRestrictsTheEvaluationToItsValidationPatients() throws Exception {
        String first;
        try (var dirs = Files.list(Cli.tinyData())) {
            first = dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        Path split = tmp.resolve("SPLIT.md");
        Files.writeString(split, "## Validation patients\n\n- " + first + "\n");
        Path out = tmp.resolve("eval");
        String printed = Cli.run(0, Cli.tinyEvaluate(out, "--patients", split.toString()))
                .out();
        assertThat(printed).contains(first);
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("evaluation.json")))
                .getAsJsonObject();
        assertThat(json.getAsJsonObject("summary").get("patients").getAsInt()).isEqualTo(1);
    }

    @Test
    void minComponentSizesEachGetALineAndOneVoxelLeavesTheRawDiceWhileAHugeSizeRemovesEverything() throws Exception {
        Path out = tmp.resolve("eval");
        String printed =
                Cli.run(0, Cli.tinyEvaluate(out, "--min-component", "1,100000")).out();
        double raw = Cli.number(printed, "per-patient Dice");
        assertThat(raw).as("the tiny run predicts some tumour").isGreaterThan(0);
        assertThat(Cli.number(printed, "components >= 1 voxels: per-patient Dice"))
                .isEqualTo(raw);
        // No 32×32×6 volume holds a component of 100,000 voxels: every prediction goes, every Dice is 0.
        assertThat(Cli.number(printed, "components >= 100000 voxels: per-patient Dice"))
                .isEqualTo(0.0);
        JsonObject bySize = JsonParser.parseString(Files.readString(out.resolve("evaluation.json")))
                .getAsJsonObject()
                .getAsJsonObject("summary")
                .getAsJsonObject("patient_dice_min_component");
        assertThat(bySize.keySet()).containsExactly("1", "100000");
        assertThat(Cli.run(2, "evaluate", "--run", Cli.tinyRun().toString(), "--data", "x", "--min-component", "0")
                        .err())
                .contains("--min-component must be >= 1 voxel, got 0");
    }

    @Test
    void aHigherThresholdPredictsNoMorePixelsInAnySliceAndIsRecorded() throws Exception {
        long[] low = predictedPixels("0.001");
        long[] usual = predictedPixels(null);
        long[] high = predictedPixels("0.999");
        for (int i = 0; i < usual.length; i++) {
            assertThat(low[i]).as("slice %d", i).isGreaterThanOrEqualTo(usual[i]);
            assertThat(usual[i]).as("slice %d", i).isGreaterThanOrEqualTo(high[i]);
        }
        assertThat(java.util.Arrays.stream(low).sum())
                .isGreaterThan(java.util.Arrays.stream(high).sum());
        assertThat(Cli.run(2, "evaluate", "--run", Cli.tinyRun().toString(), "--data", "x", "--threshold", "1")
                        .err())
                .contains("--threshold must be in (0, 1), got 1.0");
    }

    /** Predicted pixels per slice of the tiny run at {@code threshold} (null: the run's), checking the record. */
    private long[] predictedPixels(String threshold) throws Exception {
        Path out = tmp.resolve("eval-" + threshold);
        String[] args = threshold == null ? Cli.tinyEvaluate(out) : Cli.tinyEvaluate(out, "--threshold", threshold);
        String printed = Cli.run(0, args).out();
        double expected = threshold == null ? 0.5 : Double.parseDouble(threshold);
        if (threshold != null) {
            assertThat(printed).contains("threshold: " + expected + " (the run's: 0.5)");
        }
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("evaluation.json")))
                .getAsJsonObject();
        assertThat(json.getAsJsonObject("summary").get("threshold").getAsDouble())
                .isEqualTo(expected);
        assertThat(Files.readString(out.resolve("report.html"))).contains("threshold " + expected);
        JsonArray slices = json.getAsJsonArray("slices");
        long[] pixels = new long[slices.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = slices.get(i).getAsJsonObject().get("predicted_pixels").getAsLong();
        }
        return pixels;
    }

    @Test
    void flipAveragingWritesItsOwnFolderBesideThePlainEvaluation() throws Exception {
        Path run = tmp.resolve("run");
        try (var files = Files.walk(Cli.tinyRun())) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(Cli.tinyRun().relativize(f).toString()));
            }
        }
        String data = Cli.tinyData().toString();
        Cli.run(0, "evaluate", "--run", run.toString(), "--data", data, "--size", "32");
        Path plain = run.resolve("evaluation").resolve("evaluation.json");
        String plainJson = Files.readString(plain);
        String printed = Cli.run(0, "evaluate", "--run", run.toString(), "--data", data, "--size", "32", "--tta")
                .out();
        assertThat(printed)
                .contains(run.resolve("evaluation-tta").toAbsolutePath().toString());
        assertThat(Files.readString(plain)).as("the plain evaluation is kept").isEqualTo(plainJson);
        Path tta = run.resolve("evaluation-tta");
        assertThat(Files.readString(tta.resolve("report.html"))).contains("averaged over H, W and H+W flips");
        JsonArray a = JsonParser.parseString(plainJson).getAsJsonObject().getAsJsonArray("slices");
        JsonArray b = JsonParser.parseString(Files.readString(tta.resolve("evaluation.json")))
                .getAsJsonObject()
                .getAsJsonArray("slices");
        assertThat(b.size()).isEqualTo(a.size());
        long changed = 0;
        for (int i = 0; i < a.size(); i++) {
            changed += a.get(i).getAsJsonObject().get("predicted_pixels").getAsLong()
                            != b.get(i)
                                    .getAsJsonObject()
                                    .get("predicted_pixels")
                                    .getAsLong()
                    ? 1
                    : 0;
        }
        assertThat(changed).as("slices whose predicted area the flips change").isPositive();
    }

    @Test
    void connectivitySixIsUsedAndRecordedAndOtherValuesExit2() throws Exception {
        Path out = tmp.resolve("eval6");
        String printed =
                Cli.run(0, Cli.tinyEvaluate(out, "--connectivity", "6")).out();
        assertThat(printed).contains("(6-connected)");
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("evaluation.json")))
                .getAsJsonObject();
        assertThat(json.getAsJsonObject("summary").get("lcc_connectivity").getAsInt())
                .isEqualTo(6);
        assertThat(Files.readString(out.resolve("report.html"))).contains("largest 6-connected 3-D component");
        assertThat(Cli.run(
                                2,
                                "evaluate",
                                "--run",
                                Cli.tinyRun().toString(),
                                "--data",
                                Cli.tinyData().toString(),
                                "--connectivity",
                                "8")
                        .err())
                .contains("--connectivity must be 6 or 26, got 8");
    }

    @Test
    void aFolderWithoutCheckpointExits1NamingIt() throws Exception {
        Cli.Output o = Cli.run(
                1, "evaluate", "--run", tmp.toString(), "--data", Cli.tinyData().toString(), "--size", "32");
        assertThat(o.err()).contains("evaluate: error:", tmp.toString());
        assertThat(Cli.run(2, "evaluate", "--data", tmp.toString()).err()).contains("--run");
    }
}
