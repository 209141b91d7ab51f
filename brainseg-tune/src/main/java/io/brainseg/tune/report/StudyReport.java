package io.brainseg.tune.report;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.space.Distribution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.html} of a study with its charts beside it: the optimisation history
 * (objective per trial and best so far), one parameter-vs-objective plot per parameter coloured by
 * trial, parallel coordinates, parameter importance ({@link ParameterImportance}) and the trial
 * table (number, state, value, parameters, duration, run directory or failure reason).
 */
public final class StudyReport {

    /** The report's file name. */
    public static final String FILE = "report.html";

    private StudyReport() {}

    /**
     * Writes the report.
     *
     * @param name the study name
     * @param direction the direction
     * @param trials the trials
     * @param dir the directory to write {@code report.html} and {@code report-*.png} into
     * @return the report file
     * @throws IOException if writing fails
     */
    public static Path write(String name, StudyDirection direction, List<FrozenTrial> trials, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, Distribution> params = new LinkedHashMap<>();
        trials.forEach(t -> t.distributions().forEach(params::putIfAbsent));
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(esc(name))
                .append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}"
                        + "</style></head><body>\n");
        h.append("<h1>Study ").append(esc(name)).append("</h1>\n");
        long complete =
                trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count();
        h.append("<p>")
                .append(trials.size())
                .append(" trials (")
                .append(complete)
                .append(" complete, ")
                .append(count(trials, TrialState.PRUNED))
                .append(" pruned, ")
                .append(count(trials, TrialState.FAIL))
                .append(" failed, ")
                .append(count(trials, TrialState.RUNNING) + count(trials, TrialState.WAITING))
                .append(" running or waiting); direction ")
                .append(direction)
                .append(".</p>\n");
        trials.stream()
                .filter(t -> t.state() == TrialState.COMPLETE)
                .reduce((a, b) -> direction.isBetter(b.value(), a.value()) ? b : a)
                .ifPresent(best -> h.append("<p><b>Best: trial ")
                        .append(best.number())
                        .append(", value ")
                        .append(fmt(best.value()))
                        .append(", ")
                        .append(esc(best.params().toString()))
                        .append(
                                best.userAttrs().containsKey("run_dir")
                                        ? ", run " + esc(best.userAttrs().get("run_dir"))
                                        : "")
                        .append("</b></p>\n"));
        if (complete > 0) {
            StudyCharts.history(trials, direction, dir.resolve("report-history.png"));
            h.append("<h2>Optimisation history</h2><img src=\"report-history.png\">\n");
            h.append("<h2>Parameters against the objective</h2>\n");
            int i = 0;
            for (Map.Entry<String, Distribution> e : params.entrySet()) {
                String png = "report-param-" + (i++) + ".png";
                StudyCharts.parameter(e.getKey(), e.getValue(), trials, dir.resolve(png));
                h.append("<img src=\"").append(png).append("\">\n");
            }
            StudyCharts.parallelCoordinates(params, trials, dir.resolve("report-parallel.png"));
            h.append("<h2>Parallel coordinates</h2><img src=\"report-parallel.png\">\n");
            Map<String, Double> importance = ParameterImportance.compute(trials);
            h.append("<h2>Parameter importance</h2>\n");
            if (importance.isEmpty()) {
                h.append("<p>Not enough variation among the complete trials to attribute.</p>\n");
            } else {
                StudyCharts.importance(importance, dir.resolve("report-importance.png"));
                h.append("<p>First-order share of the objective's variance explained by each parameter "
                        + "(correlation ratio over value bins, normalised).</p><img src=\"report-importance.png\">\n");
            }
        }
        h.append("<h2>Trials</h2>\n<table><tr><th>#</th><th>state</th><th>value</th>");
        params.keySet().forEach(p -> h.append("<th>").append(esc(p)).append("</th>"));
        h.append("<th>epochs reported</th><th>duration</th><th>run directory / reason</th></tr>\n");
        for (FrozenTrial t : trials) {
            h.append("<tr><td>")
                    .append(t.number())
                    .append("</td><td>")
                    .append(t.state())
                    .append("</td><td>")
                    .append(t.value() == null ? "" : fmt(t.value()))
                    .append("</td>");
            Map<String, Object> p = t.params();
            params.keySet().forEach(k -> h.append("<td>")
                    .append(p.containsKey(k) ? esc(fmtParam(p.get(k))) : "")
                    .append("</td>"));
            String dur = t.start() != null && t.complete() != null
                    ? Duration.between(t.start(), t.complete()).toSeconds() + " s"
                    : "";
            String note =
                    t.systemAttrs().getOrDefault("fail_reason", t.userAttrs().getOrDefault("run_dir", ""));
            h.append("<td>")
                    .append(t.intermediateValues().size())
                    .append("</td><td>")
                    .append(dur)
                    .append("</td><td>")
                    .append(esc(note))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        Path file = dir.resolve(FILE);
        Files.writeString(file, h, StandardCharsets.UTF_8);
        return file;
    }

    private static long count(List<FrozenTrial> trials, TrialState s) {
        return trials.stream().filter(t -> t.state() == s).count();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String fmtParam(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
