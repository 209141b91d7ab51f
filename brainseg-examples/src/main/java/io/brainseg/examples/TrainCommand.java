package io.brainseg.examples;

import ai.djl.Device;
import io.brainseg.data.DatasetStats;
import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import io.brainseg.core.train.EpochRecord;
import io.brainseg.core.train.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg train}: the reference pipeline on a kaggle_3m folder or zip, split by patient
 * (a validation list in SPLIT.md format, or a seeded stratified split), with a run directory as
 * the experiment record and its {@code report.html} (config, curves, prediction grids, final metrics).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train UNet / Attention UNet with the reference pipeline on kaggle_3m data.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataOptions dataOptions;

    @Mixin
    private NetworkOptions network;

    @Option(names = "--dropout", defaultValue = "0.1", description = "Dropout (default: ${DEFAULT-VALUE}).")
    private double dropout;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    private double lr;

    @Option(names = "--cosine", description = "Cosine learning-rate schedule over --epochs (default: constant).")
    private boolean cosine;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--epochs", defaultValue = "50", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--patience", defaultValue = "10",
            description = "Early-stopping patience, 0 for none (default: ${DEFAULT-VALUE}).")
    private int patience;

    @Option(names = "--crop", defaultValue = "224", description = "Crop size (default: ${DEFAULT-VALUE}).")
    private int crop;

    @Option(names = "--val-patients", paramLabel = "FILE",
            description = "Validation patients, Markdown bullets under '## Validation patients' (as SPLIT.md).")
    private Path valPatients;

    @Option(names = "--val-fraction", defaultValue = "0.2",
            description = "Share of patients for validation when --val-patients is absent (default: ${DEFAULT-VALUE}).")
    private double valFraction;

    @Option(names = "--time-limit", paramLabel = "MINUTES",
            description = "Stop after the last epoch that fits in this many minutes of wall time.")
    private Integer timeLimit;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    private String device;

    @Option(names = "--quiet", description = "No progress bar.")
    private boolean quiet;

    @Option(names = "--out", defaultValue = "runs/train", paramLabel = "DIR",
            description = "Run directory (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        ReferenceTraining settings = new ReferenceTraining(network.model, network.filters, network.resUnits, dropout, lr,
                cosine, batch, epochs, patience, crop, seed, parseDevice(device),
                timeLimit == null ? null : Duration.ofMinutes(timeLimit), quiet);
        try (LggDataset dataset = dataOptions.open()) {
            SliceCache cache = SliceCache.load(dataset);
            PatientSplit split = Splits.of(dataset, cache, valPatients, valFraction, seed);
            w.printf("%s, %s%n%n%s%n", dataset, split, DatasetStats.compute(cache, split).describe());
            w.flush();
            long start = System.nanoTime();
            TrainingResult result = settings.run(cache.subset(split.getTrain()),
                    cache.subset(split.getValidation()), out);
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            HtmlReport report = new HtmlReport("brainseg training run");
            report.paragraph(dataset + ", " + split + ". Command: brainseg train "
                    + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
            report.heading("Data").preformatted(DatasetStats.compute(cache, split).describe());
            RunReport.addTraining(report, result, wall);
            report.write(result.runDirectory());
            printResult(w, result, wall);
        }
        return 0;
    }

    static void printResult(PrintWriter w, TrainingResult result, Duration wall) {
        EpochRecord best = result.history().stream().filter(r -> r.epoch() == result.bestEpoch()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no epoch had a validation Dice"));
        // Counted from 1 like the progress lines ("epoch 23/30"); metrics.csv keeps 0-based indices.
        w.printf("%n%s after %d epochs (wall %d min %d s)%nbest epoch %d/%d: per-slice Dice %.4f, "
                + "per-patient Dice %.4f, val loss %.4f%nrun directory: %s%n", result.stopReason(),
                result.history().size(), wall.toMinutes(), wall.toSecondsPart(), result.bestEpoch() + 1,
                result.history().size(),
                best.value(ReferenceTraining.DICE), best.value(ReferenceTraining.PATIENT_DICE), best.valLoss(),
                result.runDirectory().toAbsolutePath());
        w.flush();
    }

    static Device parseDevice(String name) {
        return DeviceChoice.parse(name);
    }
}
