package io.brainseg.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.brainseg.core.batch.SliceContext;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.train.EpochRecord;
import io.brainseg.core.train.TrainingContext;
import io.brainseg.core.train.TrainingListener;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.core.train.WeightAveraging;
import io.brainseg.data.DatasetStats;
import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg train}: the reference pipeline on a kaggle_3m folder or zip, split by patient
 * (a validation list in SPLIT.md format, or a seeded stratified split), with a run directory as
 * the experiment record and its {@code report.html} (config, curves, prediction grids, final metrics).
 *
 * <p>{@code train --resume RUN} continues an interrupted run (a crash, {@code kill -9}, a time
 * limit) from its {@code last/} checkpoint with the same numbers an uninterrupted run would have
 * produced: the command's own arguments are recorded in {@code RUN/command.json} when training
 * starts and are read back, so data, split, crop, context and network are those of the original run. Only
 * {@code --epochs}, {@code --time-limit}, {@code --device} and {@code --quiet} may be given again.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train UNet / Attention UNet with the reference pipeline on kaggle_3m data.")
public final class TrainCommand implements Callable<Integer> {

    /** The file in the run directory that records this command's arguments, for {@code --resume}. */
    static final String COMMAND_FILE = "command.json";

    /** The file in the run directory that lists the run's patients by set, in SPLIT.md's format. */
    static final String SPLIT_FILE = "split.md";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** The options that may be given with {@code --resume} (they do not change the numbers of an epoch). */
    private static final List<String> RESUME_OPTIONS =
            List.of("--resume", "--epochs", "--time-limit", "--device", "--quiet", "--help", "--version");

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--data",
            paramLabel = "DIR|ZIP",
            description = "kaggle_3m folder or Kaggle zip (required " + "unless --resume).")
    private Path data;

    @Mixin
    private NetworkOptions network;

    @Option(names = "--dropout", defaultValue = "0.1", description = "Dropout (default: ${DEFAULT-VALUE}).")
    private double dropout;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    private double lr;

    @Option(names = "--cosine", description = "Cosine learning-rate schedule over --epochs (default: constant).")
    private boolean cosine;

    @Option(
            names = "--warmup",
            paramLabel = "EPOCHS",
            defaultValue = "0",
            description = "Epochs of linear learning-rate warm-up to --lr before the schedule; with --cosine the "
                    + "cosine runs over the epochs left (default: ${DEFAULT-VALUE}, none).")
    private int warmup;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--epochs", description = "Maximum epochs (default: 50; with --resume: the run's).")
    private Integer epochs;

    @Option(
            names = "--crop",
            defaultValue = "224",
            description = "Side of the square training and validation crops, a multiple of 16 no larger than "
                    + "--size (default: ${DEFAULT-VALUE}).")
    private int crop;

    @Option(
            names = "--val-patients",
            paramLabel = "FILE",
            description = "Validation patients, Markdown bullets under '## Validation patients' (as SPLIT.md).")
    private Path valPatients;

    @Option(
            names = "--val-fraction",
            defaultValue = "0.2",
            description = "Share of patients for validation when --val-patients is absent (default: ${DEFAULT-VALUE}).")
    private double valFraction;

    @Option(
            names = "--dev-fold",
            paramLabel = "K/N",
            description = "Choose settings without the validation patients: hold them out entirely, cut the other "
                    + "patients into N folds stratified by tumour share or volume (--dev-fold-by; always seeded with 42) "
                    + "and validate on fold K "
                    + "(RUN/split.md lists the sets).")
    private String devFold;

    @Option(
            names = "--dev-fold-by",
            paramLabel = "share|volume",
            description = "What --dev-fold's folds are stratified by: each patient's share of slices with tumour "
                    + "(default, the folds of earlier results) or its tumour volume, which spreads small and "
                    + "large tumours over the folds.")
    private Splits.FoldScore devFoldBy;

    @Option(
            names = "--ema",
            paramLabel = "DECAY",
            description = "Also keep an exponential moving average of the weights, updated every step, in RUN/ema "
                    + "(for example 0.999; default: none).")
    private Double ema;

    @Option(
            names = "--swa-start",
            paramLabel = "EPOCH",
            description = "Also keep the mean of the end-of-epoch weights from this epoch on (counted from 1) in "
                    + "RUN/swa (default: none).")
    private Integer swaStart;

    @Option(
            names = "--lambda-dice",
            defaultValue = "1",
            description = "Weight of the Dice term of DiceFocal, MONAI's lambda_dice (default: ${DEFAULT-VALUE}).")
    private double lambdaDice;

    @Option(
            names = "--lambda-focal",
            defaultValue = "1",
            description = "Weight of the focal term of DiceFocal, MONAI's lambda_focal (default: ${DEFAULT-VALUE}).")
    private double lambdaFocal;

    @Option(
            names = "--dice-batch",
            description = "Pool the batch in DiceFocal's Dice term, MONAI's batch=True (default: per slice).")
    private boolean diceBatch;

    @Option(
            names = "--tumour-share",
            paramLabel = "P",
            description = "Draw this share of each epoch's training samples from the slices with tumour and the rest "
                    + "from those without, in (0, 1) (default: every slice once per epoch).")
    private Double tumourShare;

    @Option(
            names = "--context",
            paramLabel = "K",
            defaultValue = "0",
            description = "Neighbouring slices on each side stacked as extra input channels (2.5-D): the network "
                    + "takes 3·(2K+1) channels, slices z-K..z+K of the same patient, edges repeated "
                    + "(default: ${DEFAULT-VALUE}, single slices).")
    private int context;

    @Mixin
    private TimeLimitOption timeLimit;

    @Mixin
    private PipelineOptions pipeline;

    @Option(
            names = "--out",
            defaultValue = "runs/train",
            paramLabel = "DIR",
            description = "Run directory (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(
            names = "--resume",
            paramLabel = "RUN",
            description = "Continue the interrupted run RUN from its last checkpoint, with the data and settings "
                    + "recorded in RUN/" + COMMAND_FILE + " (same numbers as an uninterrupted run).")
    private Path resume;

    @Override
    public Integer call() {
        if (resume != null) {
            return resumeRun();
        }
        if (data == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--data=DIR|ZIP'");
        }
        return train(ownArgs(), false);
    }

    /** This subcommand's arguments: the original command line after the word {@code train}. */
    private List<String> ownArgs() {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        return at >= 0 ? all.subList(at + 1, all.size()) : all;
    }

    /** Re-parses the recorded arguments of RUN and continues it. */
    private Integer resumeRun() {
        for (String arg : ownArgs()) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.startsWith("--") && !RESUME_OPTIONS.contains(name)) {
                throw new ParameterException(
                        spec.commandLine(),
                        name + " cannot be changed with --resume: the run "
                                + "continues with the data and settings recorded in " + resume.resolve(COMMAND_FILE)
                                + " (allowed: --epochs, --time-limit, --device, --quiet)");
            }
        }
        Path file = resume.resolve(COMMAND_FILE);
        if (!Files.isDirectory(resume)) {
            throw new IllegalArgumentException("--resume " + resume + ": no such run directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--resume " + resume + ": " + file + " is missing; the run was not "
                    + "started by 'brainseg train' or never reached its first epoch (start it again)");
        }
        JsonObject recorded;
        try {
            recorded = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + " is not valid JSON (" + e.getMessage() + ")", e);
        }
        List<String> original = new ArrayList<>();
        recorded.getAsJsonArray("args").forEach(a -> original.add(a.getAsString()));
        Path cwd = Path.of(recorded.get("cwd").getAsString());
        TrainCommand again = new TrainCommand();
        CommandLine cl = new CommandLine(again).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            cl.parseArgs(original.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(
                    file + ": the recorded arguments cannot be parsed (" + e.getMessage() + ")", e);
        }
        again.spec = spec;
        again.data = cwd.resolve(again.data);
        again.valPatients = again.valPatients == null ? null : cwd.resolve(again.valPatients);
        again.out = resume;
        again.pipeline.quiet = pipeline.quiet;
        again.pipeline.deviceName = pipeline.deviceName;
        if (epochs != null) {
            again.epochs = epochs;
        }
        if (timeLimit.minutes != null) {
            again.timeLimit = timeLimit;
        }
        return again.train(original, true);
    }

    private Integer train(List<String> args, boolean resuming) {
        PrintWriter w = spec.commandLine().getOut();
        if (context < 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--context must be >= 0 (neighbouring slices on each side; 0 = single slices), got " + context);
        }
        if (crop > pipeline.size) {
            throw new ParameterException(
                    spec.commandLine(), "--crop " + crop + " is larger than the slices (--size " + pipeline.size + ")");
        }
        if (!resuming && Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException(
                    "--out " + out + " is a file, not a directory; choose a folder for the run");
        }
        int maxEpochs = epochs == null ? 50 : epochs;
        if (warmup < 0 || warmup >= maxEpochs) {
            throw new ParameterException(
                    spec.commandLine(), "--warmup must be >= 0 and below --epochs (" + maxEpochs + "), got " + warmup);
        }
        Splits.DevFold fold = devFold == null ? null : Splits.DevFold.parse(devFold);
        if (devFoldBy != null) {
            if (fold == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--dev-fold-by " + devFoldBy.name().toLowerCase(Locale.ROOT) + " needs --dev-fold K/N");
            }
            fold = fold.stratifiedBy(devFoldBy);
        }
        checkLossWeight("--lambda-dice", lambdaDice);
        checkLossWeight("--lambda-focal", lambdaFocal);
        if (lambdaDice == 0 && lambdaFocal == 0) {
            throw new ParameterException(
                    spec.commandLine(), "--lambda-dice and --lambda-focal are both 0: the loss would be 0 everywhere");
        }
        ReferenceTraining settings = new ReferenceTraining(
                network.model,
                network.filters,
                network.resUnits,
                dropout,
                lr,
                cosine,
                warmup,
                batch,
                maxEpochs,
                pipeline.patience,
                crop,
                pipeline.seed,
                pipeline.device(),
                timeLimit.duration(),
                pipeline.quiet,
                new LossSettings(lambdaDice, lambdaFocal, diceBatch),
                tumourShare(),
                averaging());
        try (LggDataset dataset = LggDataset.builder()
                .setPath(data)
                .optExpectedSize(pipeline.size)
                .build()) {
            SliceCache decoded = SliceCache.load(dataset);
            PatientSplit split = Splits.of(dataset, decoded, valPatients, valFraction, pipeline.seed, fold);
            settings = settings.withListener(new CommandRecorder(args, split));
            // Statistics of the slices as read; the stacked channels would only repeat them.
            String stats = DatasetStats.compute(decoded, split).describe();
            w.printf("%s, %s%n%n%s%n", dataset, split, stats);
            // Only the stacked cache stays referenced: with --context the 3-channel images are garbage.
            SliceCache cache = decoded.withContext(context);
            decoded = null;
            if (context > 0) {
                w.printf(
                        "Input: %s, slices z-%d..z+%d of each patient, edge slices repeated%n",
                        SliceContext.describe(context), context, context);
            }
            if (resuming) {
                w.printf("Resuming %s from its last checkpoint%n", out.toAbsolutePath());
            }
            w.flush();
            long start = System.nanoTime();
            TrainingResult result =
                    settings.run(cache.subset(split.getTrain()), cache.subset(split.getValidation()), out, resuming);
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            HtmlReport report = new HtmlReport("brainseg training run");
            report.paragraph(dataset + ", " + split + ". Command: brainseg train " + String.join(" ", args)
                    + (resuming ? " (resumed with: brainseg train " + String.join(" ", ownArgs()) + ")" : ""));
            report.heading("Data").preformatted(stats);
            RunReport.addTraining(report, result, wall);
            report.write(result.getRunDirectory());
            printResult(w, result, wall);
        }
        return 0;
    }

    private void checkLossWeight(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new ParameterException(spec.commandLine(), option + " must be a finite number >= 0, got " + value);
        }
    }

    private Double tumourShare() {
        if (tumourShare != null && !(tumourShare > 0 && tumourShare < 1)) {
            throw new ParameterException(
                    spec.commandLine(), "--tumour-share must be in (0, 1), for example 0.5, got " + tumourShare);
        }
        return tumourShare;
    }

    /** The weight-averaging listeners {@code --ema} and {@code --swa-start} ask for. */
    private List<TrainingListener> averaging() {
        List<TrainingListener> out = new ArrayList<>();
        if (ema != null) {
            if (!(ema > 0 && ema < 1)) {
                throw new ParameterException(spec.commandLine(), "--ema must be in (0, 1), got " + ema);
            }
            out.add(WeightAveraging.builder().setEma(ema).build());
        }
        if (swaStart != null) {
            if (swaStart < 1) {
                throw new ParameterException(spec.commandLine(), "--swa-start must be an epoch >= 1, got " + swaStart);
            }
            out.add(WeightAveraging.builder()
                    .setSwa()
                    .optStartEpoch(swaStart - 1)
                    .build());
        }
        return out;
    }

    /**
     * Writes {@code command.json} and {@code split.md} once the trainer has accepted the run
     * directory.
     */
    private static final class CommandRecorder implements TrainingListener {
        private final List<String> args;
        private final PatientSplit split;

        CommandRecorder(List<String> args, PatientSplit split) {
            this.args = List.copyOf(args);
            this.split = split;
        }

        @Override
        public void onTrainingStart(TrainingContext ctx) {
            if (ctx.getRunDirectory() == null) {
                return;
            }
            JsonObject o = new JsonObject();
            JsonArray a = new JsonArray();
            args.forEach(a::add);
            o.add("args", a);
            o.addProperty("cwd", Path.of("").toAbsolutePath().toString());
            Path file = ctx.getRunDirectory().resolve(COMMAND_FILE);
            Path splitFile = ctx.getRunDirectory().resolve(SPLIT_FILE);
            try {
                AtomicFiles.writeString(file, GSON.toJson(o));
                AtomicFiles.writeString(
                        splitFile, split.toMarkdown("Patients of the run: brainseg train " + String.join(" ", args)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + " or " + splitFile, e);
            }
        }
    }

    static void printResult(PrintWriter w, TrainingResult result, Duration wall) {
        EpochRecord best = result.getHistory().stream()
                .filter(r -> r.getEpoch() == result.getBestEpoch())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no epoch had a validation Dice"));
        // Epochs count from 1 everywhere a user reads them (console, metrics.csv, images, report).
        w.printf(
                "%n%s after %d epochs (wall %d min %d s)%nbest epoch %d/%d: per-slice Dice %.4f, "
                        + "per-patient Dice %.4f, val loss %.4f%nrun directory: %s%n",
                result.getStopReason(),
                result.getHistory().size(),
                wall.toMinutes(),
                wall.toSecondsPart(),
                result.getBestEpoch() + 1,
                result.getHistory().size(),
                best.getValue(ReferenceTraining.DICE),
                best.getValue(ReferenceTraining.PATIENT_DICE),
                best.getValLoss(),
                result.getRunDirectory().toAbsolutePath());
        w.flush();
    }
}
