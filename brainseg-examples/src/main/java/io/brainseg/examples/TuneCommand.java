package io.brainseg.examples;

import io.brainseg.core.train.TrainingListener;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.data.DatasetStats;
import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Pruner;
import io.brainseg.tune.Sampler;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.pruner.HyperbandPruner;
import io.brainseg.tune.pruner.MedianPruner;
import io.brainseg.tune.report.StudyReport;
import io.brainseg.tune.sampler.RandomSampler;
import io.brainseg.tune.sampler.TpeSampler;
import io.brainseg.tune.space.SearchSpace;
import io.brainseg.tune.storage.JdbcStorage;
import io.brainseg.tune.study.Study;
import io.brainseg.tune.train.Downsample;
import io.brainseg.tune.train.TrainerObjective;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg tune}: a hyper-parameter search (brainseg-tune's TPE with median pruning by
 * default) over the reference pipeline. Each trial is a normal run directory under
 * {@code OUT/STUDY/trials}; the study lives in {@code OUT/STUDY/study.mv.db} (H2) or in
 * {@code --storage} (PostgreSQL for workers on several machines). {@code --workers K} starts K − 1
 * more worker processes on this machine that share the study. Budget mode ({@code --budget-epochs},
 * {@code --budget-downsample}) runs trials short and small, then {@code --retrain-best K} re-trains
 * the best K configurations at full size under {@code OUT/STUDY/retrain}. {@code --report} writes
 * {@code OUT/STUDY/report.html} from the stored trials without training.
 */
@Command(
        name = "tune",
        mixinStandardHelpOptions = true,
        description =
                "Hyper-parameter search (TPE + pruning) over the reference pipeline; --report for the HTML report.")
public final class TuneCommand implements Callable<Integer> {

    private static final Set<String> KNOWN =
            Set.of("dropout", "lr", "batch", "filters", "res_units", "model", "cosine");

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--data",
            paramLabel = "DIR|ZIP",
            description = "kaggle_3m folder or Kaggle zip (not needed with --report).")
    private Path data;

    @Option(names = "--val-patients", paramLabel = "FILE", description = "Validation patients (SPLIT.md format).")
    private Path valPatients;

    @Option(
            names = "--val-fraction",
            defaultValue = "0.2",
            description = "Validation share when --val-patients is absent (default: ${DEFAULT-VALUE}).")
    private double valFraction;

    @Option(names = "--study", required = true, description = "Study name.")
    private String study;

    @Option(
            names = "--trials",
            defaultValue = "100",
            description = "Finished trials the study aims at (default: ${DEFAULT-VALUE}).")
    private int trials;

    @Option(names = "--timeout", paramLabel = "MINUTES", description = "No new trial after this many minutes.")
    private Integer timeout;

    @Option(
            names = "--workers",
            defaultValue = "1",
            description = "Worker processes on this machine (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(
            names = "--storage",
            paramLabel = "URL",
            description = "JDBC URL of the study database (default: H2 in the study directory).")
    private String storage;

    @Option(
            names = "--space",
            defaultValue = "reference",
            paramLabel = "reference|FILE",
            description = "Search space: the reference space or a JSON file (default: ${DEFAULT-VALUE}).")
    private String space;

    @Option(names = "--sampler", defaultValue = "tpe", description = "tpe or random (default: ${DEFAULT-VALUE}).")
    private String sampler;

    @Option(
            names = "--pruner",
            defaultValue = "median",
            description = "median, hyperband or none (default: ${DEFAULT-VALUE}).")
    private String pruner;

    @Option(
            names = "--model",
            defaultValue = "unet",
            description = "unet or attention-unet unless the space has 'model' (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--res-units", defaultValue = "2", description = "UNet residual units (default: ${DEFAULT-VALUE}).")
    private int resUnits;

    @Option(names = "--epochs", defaultValue = "50", description = "Epochs of a full run (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--crop", defaultValue = "224", description = "Crop size (default: ${DEFAULT-VALUE}).")
    private int crop;

    @Option(names = "--budget-epochs", defaultValue = "0", description = "Budget mode: epochs per trial (0: --epochs).")
    private int budgetEpochs;

    @Option(
            names = "--budget-downsample",
            defaultValue = "1",
            description = "Budget mode: keep every F-th pixel after the crop (2: 224 -> 112).")
    private int budgetDownsample;

    @Option(
            names = "--retrain-best",
            defaultValue = "0",
            description = "Re-train the best K configurations at full size.")
    private int retrainBest;

    @Option(names = "--report", description = "Only write the study's report.html from storage.")
    private boolean reportOnly;

    @Mixin
    private PipelineOptions pipeline;

    @Option(
            names = "--out",
            defaultValue = "runs/tune",
            paramLabel = "DIR",
            description = "Parent of the study directory (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Path studyDir = out.resolve(study);
        Files.createDirectories(studyDir);
        if (storage == null && workers > 1) {
            // Local workers share the H2 file through its auto-server, on the loopback interface only.
            System.setProperty("h2.bindAddress", "127.0.0.1");
            storage = JdbcStorage.h2SharedUrl(studyDir);
        }
        String url = storage != null ? storage : JdbcStorage.h2Url(studyDir);
        if (reportOnly) {
            try (JdbcStorage s = JdbcStorage.open(url);
                    Study st = open(s, Pruner.NONE, pipeline.seed)) {
                w.println("report: " + StudyReport.write(study, StudyDirection.MAXIMIZE, st.getTrials(), studyDir));
            }
            return 0;
        }
        if (data == null) {
            throw new IllegalArgumentException("--data is required unless --report is given");
        }
        SearchSpace searchSpace =
                "reference".equals(space) ? SearchSpace.reference() : SearchSpace.fromJson(Path.of(space));
        for (SearchSpace.Parameter p : searchSpace.getParameters()) {
            if (!KNOWN.contains(p.name())) {
                throw new IllegalArgumentException(
                        "search space parameter '" + p.name() + "' is not one tune can set; use " + KNOWN);
            }
        }
        List<Process> children = startWorkers(studyDir, url);
        try (LggDataset dataset = LggDataset.builder()
                .setPath(data)
                .optExpectedSize(pipeline.size)
                .build()) {
            SliceCache cache = SliceCache.load(dataset);
            PatientSplit split = Splits.of(dataset, cache, valPatients, valFraction, pipeline.seed);
            SliceCache train = cache.subset(split.getTrain());
            SliceCache val = cache.subset(split.getValidation());
            w.printf(
                    "%s, %s%n%s%n",
                    dataset, split, DatasetStats.compute(cache, split).describe());
            w.flush();
            int trialEpochs = budgetEpochs > 0 ? budgetEpochs : epochs;
            TrainerObjective objective = TrainerObjective.builder()
                    .setSearchSpace(searchSpace)
                    .setStudyDirectory(studyDir)
                    .setRun((params, dir, pruning) ->
                            fit(params, train, val, dir, trialEpochs, budgetDownsample, pruning))
                    .build();
            try (JdbcStorage s = JdbcStorage.open(url);
                    Study st = open(s, pruner(trialEpochs), pipeline.seed)) {
                st.optimize(objective, trials, timeout == null ? null : Duration.ofMinutes(timeout));
                waitFor(children, w);
                List<FrozenTrial> all = st.getTrials();
                w.printf(
                        "%nstudy %s: %d trials, %d complete%n",
                        study,
                        all.size(),
                        all.stream()
                                .filter(t -> t.state() == TrialState.COMPLETE)
                                .count());
                st.getBestTrial()
                        .ifPresent(b -> w.printf(
                                "best trial %d: Dice %.4f %s%nbest run: %s%n",
                                b.number(), b.value(), b.params(), b.userAttrs().get(TrainerObjective.RUN_DIR)));
                retrain(all, train, val, studyDir, w);
                w.println("report: " + StudyReport.write(study, StudyDirection.MAXIMIZE, st.getTrials(), studyDir));
            }
        } finally {
            children.forEach(Process::destroy);
        }
        return 0;
    }

    private Study open(JdbcStorage s, Pruner p, long samplerSeed) {
        Sampler smp =
                switch (sampler) {
                    case "tpe" -> TpeSampler.builder().optSeed(samplerSeed).build();
                    case "random" -> new RandomSampler(samplerSeed);
                    default -> throw new IllegalArgumentException(
                            "unknown sampler '" + sampler + "'; use tpe or random");
                };
        return Study.builder()
                .setStudyName(study)
                .setStorage(s)
                .optDirection(StudyDirection.MAXIMIZE)
                .optSampler(smp)
                .optPruner(p)
                .optMaxTrials(trials)
                .build();
    }

    private Pruner pruner(int trialEpochs) {
        return switch (pruner) {
            case "median" -> new MedianPruner();
            case "hyperband" -> new HyperbandPruner(1, Math.max(1, trialEpochs), 3);
            case "none" -> Pruner.NONE;
            default -> throw new IllegalArgumentException(
                    "unknown pruner '" + pruner + "'; use median, hyperband or none");
        };
    }

    /** The reference pipeline with the trial's parameters and the pruning listener. */
    private TrainingResult fit(
            Map<String, Object> p,
            SliceCache train,
            SliceCache val,
            Path dir,
            int nEpochs,
            int downsample,
            TrainingListener pruning) {
        double dropout = ((Number) p.getOrDefault("dropout", 0.1)).doubleValue();
        double lr = ((Number) p.getOrDefault("lr", 1e-3)).doubleValue();
        int batch = ((Number) p.getOrDefault("batch", 16L)).intValue();
        int filters = ((Number) p.getOrDefault("filters", 16L)).intValue();
        int units = ((Number) p.getOrDefault("res_units", (long) resUnits)).intValue();
        ModelChoice arch = ModelChoice.parse(String.valueOf(p.getOrDefault("model", model)));
        boolean cosine = Boolean.TRUE.equals(p.get("cosine"));
        // The reference pipeline itself, with the pruning listener and budget mode's downsampling.
        ReferenceTraining run = new ReferenceTraining(
                arch,
                filters,
                units,
                dropout,
                lr,
                cosine,
                0,
                batch,
                nEpochs,
                pipeline.patience,
                crop,
                pipeline.seed,
                pipeline.device(),
                null,
                pipeline.quiet,
                LossSettings.DEFAULT,
                null,
                pruning == null ? List.of() : List.of(pruning));
        return run.run(train, val, dir, false, downsample > 1 ? new Downsample(downsample) : null);
    }

    /** Budget mode's second stage: the best K complete configurations at full epochs and size. */
    private void retrain(List<FrozenTrial> all, SliceCache train, SliceCache val, Path studyDir, PrintWriter w) {
        List<FrozenTrial> best = all.stream()
                .filter(t -> t.state() == TrialState.COMPLETE)
                .sorted(Comparator.comparingDouble(FrozenTrial::value).reversed())
                .limit(retrainBest)
                .toList();
        for (FrozenTrial t : best) {
            Path dir = studyDir.resolve("retrain").resolve(String.format("trial-%04d", t.number()));
            TrainingResult r = fit(t.params(), train, val, dir, epochs, 1, new TrainingListener() {});
            w.printf(
                    "re-trained trial %d %s at full size: Dice %.4f (budget trial %.4f), run %s%n",
                    t.number(), t.params(), r.getBestValue(), t.value(), dir.toAbsolutePath());
        }
    }

    /** Starts {@code --workers − 1} more processes of this command sharing the study. */
    private List<Process> startWorkers(Path studyDir, String url) throws IOException {
        List<Process> out = new ArrayList<>();
        if (workers <= 1) {
            return out;
        }
        List<String> args =
                withoutWorkerOptions(spec.commandLine().getParseResult().originalArgs());
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int i = 1; i < workers; i++) {
            List<String> cmd = new ArrayList<>(List.of(
                    java,
                    "-Dai.djl.offline=true",
                    "-Dh2.bindAddress=127.0.0.1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    BrainsegCli.class.getName(),
                    "tune"));
            cmd.addAll(args);
            // One worker each, no re-training, its own sampler seed, the parent's storage.
            cmd.addAll(List.of(
                    "--workers",
                    "1",
                    "--retrain-best",
                    "0",
                    "--seed",
                    Long.toString(pipeline.seed + i),
                    "--quiet",
                    "--storage",
                    url));
            Path log = studyDir.resolve("worker-" + i + ".log");
            out.add(new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start());
        }
        return out;
    }

    /** The arguments minus the options a child worker gets its own values for. */
    static List<String> withoutWorkerOptions(List<String> args) {
        Set<String> withValue = Set.of("--workers", "--retrain-best", "--seed", "--storage");
        List<String> out = new ArrayList<>();
        // picocli's original arguments of a subcommand start with the subcommand's name.
        for (int i = "tune".equals(args.isEmpty() ? "" : args.get(0)) ? 1 : 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (withValue.contains(name)) {
                if (!a.contains("=")) {
                    i++;
                }
            } else if (!"--quiet".equals(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private static void waitFor(List<Process> children, PrintWriter w) throws InterruptedException {
        for (Process p : children) {
            int code = p.waitFor();
            if (code != 0) {
                w.printf("worker process %d exited with %d (see its worker-N.log)%n", p.pid(), code);
            }
        }
    }
}
