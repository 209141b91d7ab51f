package io.brainseg.examples;

import io.brainseg.core.train.EpochRecord;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.report.CurvePlotter;
import io.brainseg.report.PredictionLogger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The training part of a run's {@code report.html}: final metrics, the epoch table, the curves,
 * the latest prediction grids and the run's {@code config.json}.
 */
final class RunReport {

    private static final int GRIDS = 3;

    private RunReport() {}

    static void addTraining(HtmlReport report, TrainingResult result, Duration wall) {
        Path runDir = result.getRunDirectory();
        EpochRecord best = result.getHistory().stream()
                .filter(r -> r.getEpoch() == result.getBestEpoch())
                .findFirst()
                .orElse(null);
        report.heading("Final metrics");
        report.paragraph(String.format(
                Locale.ROOT,
                "%s after %d epochs in %d min %d s; best epoch %d (epochs "
                        + "count from 1 everywhere: progress lines, curves, metrics.csv, predictions/epoch-NNN.png and "
                        + "this report).",
                result.getStopReason(),
                result.getHistory().size(),
                wall.toMinutes(),
                wall.toSecondsPart(),
                result.getBestEpoch() + 1));
        if (best != null) {
            report.table(
                    List.of("per-slice Dice (crops)", "per-patient Dice (crops)", "val loss", "train loss"),
                    List.of(List.of(
                            Evaluation.f(best.getValue(ReferenceTraining.DICE)),
                            Evaluation.f(best.getValue(ReferenceTraining.PATIENT_DICE)),
                            Evaluation.f(best.getValLoss()),
                            Evaluation.f(best.getTrainLoss()))));
        }
        report.heading("Epochs");
        List<List<String>> rows = new ArrayList<>();
        for (EpochRecord r : result.getHistory()) {
            rows.add(List.of(
                    Integer.toString(r.getEpoch() + 1),
                    Evaluation.f(r.getTrainLoss()),
                    Evaluation.f(r.getValLoss()),
                    Evaluation.f(r.getValue(ReferenceTraining.DICE)),
                    Evaluation.f(r.getValue(ReferenceTraining.PATIENT_DICE)),
                    String.format(Locale.ROOT, "%.2g", r.getLearningRate()),
                    String.format(Locale.ROOT, "%.1f", r.getSeconds())));
        }
        report.table(List.of("epoch", "train loss", "val loss", "Dice", "patient Dice", "lr", "seconds"), rows);
        if (Files.exists(runDir.resolve(CurvePlotter.FILE))) {
            report.heading("Curves").image(CurvePlotter.FILE, "Loss and metrics per epoch");
        }
        List<Path> grids = predictionGrids(runDir);
        if (!grids.isEmpty()) {
            report.heading("Validation predictions (image, truth in green, prediction in red)");
            for (Path g : grids) {
                report.image(
                        PredictionLogger.DIR + "/" + g.getFileName(),
                        g.getFileName().toString().replace(".png", "") + " (written when the monitored Dice improved)");
            }
        }
        Path config = runDir.resolve("config.json");
        if (Files.exists(config)) {
            try {
                report.heading("Configuration (config.json)").preformatted(Files.readString(config));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + config, e);
            }
        }
    }

    private static List<Path> predictionGrids(Path runDir) {
        Path dir = runDir.resolve(PredictionLogger.DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.filter(p -> p.getFileName().toString().endsWith(".png"))
                    .sorted()
                    .toList();
            List<Path> last = new ArrayList<>(all.subList(Math.max(0, all.size() - GRIDS), all.size()));
            java.util.Collections.reverse(last);
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
