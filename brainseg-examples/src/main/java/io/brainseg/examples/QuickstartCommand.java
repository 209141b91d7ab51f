package io.brainseg.examples;

import ai.djl.Device;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.data.DatasetStats;
import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import io.brainseg.data.SyntheticLgg;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg quickstart}: the whole library in a few minutes. Writes the built-in synthetic
 * dataset (kaggle_3m layout, real TIFF files) into a work folder, or takes a real one with
 * {@code --data}; splits it by patient (seeded, stratified by tumour share); trains a small UNet with
 * the reference pipeline under a wall-clock budget; evaluates the best checkpoint on the validation
 * patients at full size; and writes a run directory with {@code report.html}.
 */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        description = "Synthetic (or --data) dataset -> a small UNet trained for about three minutes -> "
                + "evaluation -> run directory with report.html.")
public final class QuickstartCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            defaultValue = "work/quickstart",
            description = "Work folder: synthetic data in DIR/kaggle_3m, runs in DIR/runs (default: ${DEFAULT-VALUE}).")
    private Path work;

    @Option(
            names = "--data",
            paramLabel = "DIR|ZIP",
            description = "Run on this kaggle_3m folder or Kaggle zip instead of synthetic data.")
    private Path data;

    @Option(
            names = "--val-patients",
            paramLabel = "FILE",
            description = "Validation patients (SPLIT.md format); default: a seeded stratified split.")
    private Path valPatients;

    @Option(names = "--patients", defaultValue = "16", description = "Synthetic patients (default: ${DEFAULT-VALUE}).")
    private int patients;

    @Option(
            names = "--slices",
            defaultValue = "16",
            description = "Synthetic slices per patient (default: ${DEFAULT-VALUE}).")
    private int slices;

    @Option(names = "--size", description = "Slice side (default: 64 synthetic, 256 with --data).")
    private Integer size;

    @Option(
            names = "--tumour-fraction",
            defaultValue = "0.4",
            description = "Share of each synthetic patient's slices with tumour (default: ${DEFAULT-VALUE}).")
    private double tumourFraction;

    @Option(
            names = "--val-fraction",
            defaultValue = "0.25",
            description = "Share of patients kept for validation (default: ${DEFAULT-VALUE}).")
    private double valFraction;

    @Option(
            names = "--filters",
            defaultValue = "8",
            description = "UNet f: channels f..16f (default: ${DEFAULT-VALUE}).")
    private int filters;

    @Option(names = "--res-units", defaultValue = "1", description = "UNet residual units (default: ${DEFAULT-VALUE}).")
    private int resUnits;

    @Option(names = "--epochs", defaultValue = "12", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    /** Without {@code --time-limit}, quickstart trains for at most this many minutes. */
    static final double DEFAULT_MINUTES = 3;

    @Mixin
    private TimeLimitOption timeLimit;

    @Option(names = "--batch", defaultValue = "4", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(
            names = "--lr",
            defaultValue = "1e-2",
            description = "Peak learning rate, cosine schedule (default: ${DEFAULT-VALUE}).")
    private double lr;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of data, split and training (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: WORK/runs/quickstart-<time>).")
    private Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    private boolean quiet;

    @Override
    public Integer call() {
        if (timeLimit.minutes == null) {
            timeLimit.minutes = DEFAULT_MINUTES;
        }
        double minutes = timeLimit.minutes;
        Duration budget = timeLimit.duration();
        PrintWriter w = spec.commandLine().getOut();
        long start = System.nanoTime();
        int side = size != null ? size : data != null ? LggDataset.DEFAULT_SIZE : 64;
        Path root = data;
        if (root == null) {
            root = SyntheticLgg.builder()
                    .optPatients(patients)
                    .optSlicesPerPatient(slices)
                    .optSize(side)
                    .optTumourFraction(tumourFraction)
                    .optSeed(seed)
                    .build()
                    .write(work.toAbsolutePath());
            w.printf("Synthetic kaggle_3m dataset written to %s%n", root);
        }
        Path runDir = out != null
                ? out
                : work.resolve("runs")
                        .resolve("quickstart-"
                                + LocalDateTime.now()
                                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        // The reference crop ratio 224/256 where it gives a multiple of 16 (four stride-2 levels), else no crop.
        int crop = side * 7 / 8 % 16 == 0 ? side * 7 / 8 : side;
        ReferenceTraining settings = new ReferenceTraining(
                ModelChoice.UNET,
                filters,
                resUnits,
                0.0,
                lr,
                true,
                0,
                batch,
                epochs,
                0,
                crop,
                seed,
                Device.cpu(),
                budget,
                quiet,
                LossSettings.DEFAULT,
                null,
                List.of());
        try (LggDataset dataset =
                LggDataset.builder().setPath(root).optExpectedSize(side).build()) {
            SliceCache cache = SliceCache.load(dataset);
            PatientSplit split = Splits.of(dataset, cache, valPatients, valFraction, seed);
            String stats = DatasetStats.compute(cache, split).describe();
            w.printf("%s, %s, seed %d%n%n%s%n", dataset, split, seed, stats);
            w.printf(
                    "Training UNet f=%d (%d residual units) on %dx%d crops for at most %d epochs or %.1f min...%n",
                    filters, resUnits, crop, crop, epochs, minutes);
            w.flush();
            long trainStart = System.nanoTime();
            SliceCache val = cache.subset(split.getValidation());
            TrainingResult result = settings.run(cache.subset(split.getTrain()), val, runDir);
            Duration trainWall = Duration.ofNanos(System.nanoTime() - trainStart);
            TrainCommand.printResult(w, result, trainWall);

            HtmlReport report = new HtmlReport("brainseg quickstart");
            report.paragraph(dataset + ", " + split + ", seed " + seed + ". UNet f=" + filters + ", " + crop + "x"
                    + crop + " crops, batch " + batch + ", cosine learning rate from " + lr + ", budget " + minutes
                    + " min.");
            report.heading("Data").preformatted(stats);
            try (SegmentationPredictor predictor = SegmentationPredictor.load(runDir)) {
                Evaluation eval = Evaluation.run(predictor, val, batch, Evaluation.DEFAULT_CONNECTIVITY);
                Path evalDir = runDir.resolve("evaluation");
                eval.writeJson(evalDir.resolve("evaluation.json"));
                EvaluateCommand.addTo(
                        report, eval, EvaluateCommand.writeFigures(predictor, val, eval, evalDir), "evaluation/");
                w.printf("%nValidation patients at full size (%dx%d), best checkpoint:%n%s", side, side, eval.table());
            }
            RunReport.addTraining(report, result, trainWall);
            Path html = report.write(runDir);
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            w.printf(
                    "%nDone in %d min %d s. Report: %s%n",
                    total.toMinutes(), total.toSecondsPart(), html.toAbsolutePath());
        }
        w.flush();
        return 0;
    }
}
