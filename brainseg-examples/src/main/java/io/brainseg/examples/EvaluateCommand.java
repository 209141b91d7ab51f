package io.brainseg.examples;

import ai.djl.ndarray.NDManager;
import io.brainseg.core.batch.SliceContext;
import io.brainseg.core.predict.Prediction;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.train.Checkpoint;
import io.brainseg.data.DecodedSlice;
import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg evaluate}: predicts whole slices with a run's best checkpoint and reports per-slice
 * and per-patient metrics as a table, {@code evaluation.json}, figures of the best and worst slices
 * and {@code report.html} in the output folder.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Evaluate a trained run on kaggle_3m patients (Dice per slice and per patient, HD95, "
                + "sensitivity, precision).")
public final class EvaluateCommand implements Callable<Integer> {

    /** Exit code when the evaluation ran and was printed but its files could not be written. */
    static final int SAVE_FAILED = 3;

    /** Slices shown per figure. */
    static final int EXTREMES = 3;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataOptions dataOptions;

    @Mixin
    private CheckpointOption checkpoint;

    @Option(
            names = "--patients",
            paramLabel = "FILE",
            description = "Evaluate the validation patients of this file (SPLIT.md format); default: all patients.")
    private Path patients;

    @Option(names = "--batch", defaultValue = "8", description = "Slices per forward pass (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output folder (default: RUN/evaluation, or RUN/evaluation-tta with --tta).")
    private Path out;

    @Option(
            names = "--connectivity",
            defaultValue = "26",
            paramLabel = "6|26",
            description = "3-D connectivity of the largest-component filter: 26 (default, as MONAI's "
                    + "KeepLargestConnectedComponent) or 6 (faces only, as the dataset authors' evaluation).")
    private int connectivity;

    @Option(
            names = "--min-component",
            paramLabel = "VOXELS",
            split = ",",
            description = "Also report per-patient Dice after removing the 3-D components smaller than VOXELS "
                    + "(comma-separated sizes give one line each, to choose a size on training folds).")
    private List<Integer> minComponent = new ArrayList<>();

    @Option(
            names = "--threshold",
            paramLabel = "P",
            description = "Probability above which a pixel counts as tumour (default: the run's, 0.5 unless "
                    + "trained otherwise). Choose it on training folds, never on the patients you report.")
    private Double threshold;

    @Mixin
    private TtaOption ttaOption;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be >= 1, got " + batch);
        }
        if (connectivity != 6 && connectivity != 26) {
            throw new ParameterException(spec.commandLine(), "--connectivity must be 6 or 26, got " + connectivity);
        }
        for (int size : minComponent) {
            if (size < 1) {
                throw new ParameterException(spec.commandLine(), "--min-component must be >= 1 voxel, got " + size);
            }
        }
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            throw new ParameterException(spec.commandLine(), "--threshold must be in (0, 1), got " + threshold);
        }
        PrintWriter w = spec.commandLine().getOut();
        Path run = checkpoint.run;
        Path checkpointDir = checkpoint.directory();
        Map<String, Object> scored = CheckpointOption.describe(checkpointDir);
        w.println(CheckpointOption.line(scored));
        w.flush();
        // The plain evaluation and the flip-averaged one get separate default folders so one never
        // overwrites the other.
        Path outDir = out != null ? out : run.resolve(ttaOption.tta ? "evaluation-tta" : "evaluation");
        SegmentationPredictor.Builder builder =
                SegmentationPredictor.builder().setCheckpoint(checkpointDir).optFlipAveraging(ttaOption.tta);
        if (threshold != null) {
            builder.optThreshold(threshold);
        }
        try (LggDataset dataset = dataOptions.open();
                SegmentationPredictor predictor = builder.build()) {
            if (threshold != null) {
                w.println("threshold: " + threshold + " (the run's: "
                        + Checkpoint.read(checkpointDir).getThreshold() + ")");
            }
            SliceCache cache = SliceCache.load(dataset);
            if (patients != null) {
                cache = cache.subset(PatientSplit.readMarkdown(patients, dataset.getPatientIds())
                        .getValidation());
            }
            // Stacked once for the metrics and the figures; a subset keeps whole patients, so the
            // neighbours are the same as in the full dataset.
            cache = Evaluation.forPredictor(predictor, cache);
            if (cache.getContext() > 0) {
                w.println("Input: " + SliceContext.describe(cache.getContext()) + ", neighbours stacked per patient");
            }
            Evaluation eval;
            try {
                eval = Evaluation.run(predictor, cache, batch, connectivity, minComponent);
            } catch (ai.djl.engine.EngineException e) {
                throw NativeMemory.explain(e, "lower --batch (" + batch + ")");
            }
            w.print(eval.table());
            w.flush();
            HtmlReport report = new HtmlReport("brainseg evaluation");
            report.paragraph("Run " + run.toAbsolutePath() + ", " + CheckpointOption.line(scored) + ", data "
                    + dataOptions.data.toAbsolutePath() + ", "
                    + cache.getPatientIds().size() + " patients, "
                    + cache.size() + " slices at full size"
                    + (cache.getContext() > 0 ? ", " + SliceContext.describe(cache.getContext()) : "")
                    + ", threshold " + predictor.getThreshold()
                    + (ttaOption.tta ? ", probabilities averaged over H, W and H+W flips." : "."));
            try {
                addTo(report, eval, writeFigures(predictor, cache, eval, outDir), "");
                eval.writeJson(outDir.resolve("evaluation.json"), scored);
                Path html = report.write(outDir);
                w.printf("%nevaluation.json, figures and report: %s%n", html.toAbsolutePath());
            } catch (UncheckedIOException e) {
                // The table above is the result; a read-only run directory must not turn it into a failure
                // without saying what was kept and what was not.
                spec.commandLine()
                        .getErr()
                        .printf(
                                "evaluate: could not save evaluation.json, figures and report to "
                                        + "%s (%s); the table above is the result. Use --out DIR to save elsewhere.%n",
                                outDir, rootMessage(e));
                spec.commandLine().getErr().flush();
                return SAVE_FAILED;
            }
        }
        w.flush();
        return 0;
    }

    private static String rootMessage(Throwable e) {
        String m = e.getMessage();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            m = c.toString();
        }
        return m;
    }

    /** Adds the summary, the per-patient table and the figures (paths relative to the report plus prefix). */
    static void addTo(HtmlReport report, Evaluation eval, Map<String, String> figures, String prefix) {
        report.heading("Evaluation");
        report.table(
                List.of(
                        "per-slice Dice",
                        "per-patient Dice",
                        "per-patient Dice (LCC)",
                        "HD95 (px)",
                        "sensitivity",
                        "precision"),
                List.of(List.of(
                        Evaluation.f(eval.sliceDice()),
                        Evaluation.f(eval.patientDice()),
                        Evaluation.f(eval.patientDiceLcc()),
                        Evaluation.f(eval.hd95()),
                        Evaluation.f(eval.sensitivity()),
                        Evaluation.f(eval.precision()))));
        report.paragraph("Per-slice Dice skips slices without tumour (MONAI's ignore_empty); per-patient Dice "
                + "pools each patient's slices; LCC keeps each patient's largest " + eval.connectivity()
                + "-connected 3-D component.");
        report.table(
                List.of("tumour area", "slices", "per-slice Dice", "with nothing predicted"),
                SliceAreaBin.of(eval.slices()).stream()
                        .map(b -> List.of(
                                b.label(),
                                Integer.toString(b.slices()),
                                Evaluation.f(b.dice()),
                                Integer.toString(b.missed())))
                        .toList());
        report.table(Evaluation.PATIENT_HEADER, eval.patientRows());
        figures.forEach((caption, file) -> report.image(prefix + file, caption));
    }

    /**
     * Writes {@code best.png}, {@code worst.png} and {@code worst-overall.png} into {@code dir}: one
     * row per slice with the image, the truth (green) and the prediction (red).
     *
     * @return caption → file name, for the report
     */
    static Map<String, String> writeFigures(
            SegmentationPredictor predictor, SliceCache cache, Evaluation eval, Path dir) {
        SliceCache stacked = Evaluation.forPredictor(predictor, cache);
        Map<String, String> captions = Map.of(
                "best", "The " + EXTREMES + " best slices with tumour",
                "worst", "The " + EXTREMES + " worst slices with tumour",
                "worst-overall",
                        "The " + EXTREMES + " worst slices overall (a slice without tumour counts 0 "
                                + "if anything is predicted)");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Evaluation.SliceResult>> e :
                eval.extremes(EXTREMES).entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            List<DecodedSlice> slices =
                    e.getValue().stream().map(r -> stacked.get(r.id())).toList();
            List<Prediction> preds;
            try (NDManager m = NDManager.newBaseManager()) {
                preds = predictor.predict(Evaluation.images(m, slices));
            }
            List<List<BufferedImage>> panels = new ArrayList<>();
            List<List<String>> labels = new ArrayList<>();
            for (int i = 0; i < slices.size(); i++) {
                // The figure shows the slice itself; its neighbours are only the network's context.
                DecodedSlice s = slices.get(i).centre();
                Evaluation.SliceResult r = e.getValue().get(i);
                BufferedImage rgb = SliceImages.rgb(s.image(), s.height(), s.width());
                panels.add(List.of(
                        rgb,
                        SliceImages.overlay(rgb, s.mask(), SliceImages.TRUTH),
                        SliceImages.overlay(rgb, preds.get(i).getMask(), SliceImages.PREDICTION)));
                String score = r.truthPixels() > 0
                        ? "Dice " + Evaluation.f(r.dice())
                        : r.predictedPixels() + " px false positive";
                labels.add(List.of(s.id().toString(), "truth", "prediction, " + score));
            }
            String file = e.getKey() + ".png";
            SliceImages.writePng(SliceImages.grid(panels, labels, 256), dir.resolve(file));
            out.put(captions.get(e.getKey()), file);
        }
        return out;
    }
}
