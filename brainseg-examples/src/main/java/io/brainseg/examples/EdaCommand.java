package io.brainseg.examples;

import io.brainseg.data.DatasetStats;
import io.brainseg.data.DecodedSlice;
import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg eda}: the exploratory figures of a kaggle_3m dataset as PNGs and a
 * {@code report.html}: slices per patient, share of slices with tumour per split, per-channel
 * histograms of the per-slice min/max/mean/std, one patient's slices, slices with the mask in red,
 * and the three channels side by side with the mask on FLAIR.
 */
@Command(
        name = "eda",
        mixinStandardHelpOptions = true,
        description = "Exploratory figures and report.html for a kaggle_3m dataset.")
public final class EdaCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataOptions dataOptions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    private Path out;

    @Option(
            names = "--val-patients",
            paramLabel = "FILE",
            description = "Validation patients (SPLIT.md format); default: a seeded stratified split.")
    private Path valPatients;

    @Option(
            names = "--val-fraction",
            defaultValue = "0.2",
            description = "Validation share without --val-patients (default: ${DEFAULT-VALUE}).")
    private double valFraction;

    @Option(names = "--seed", defaultValue = "42", description = "Split seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        try (LggDataset dataset = dataOptions.open()) {
            SliceCache cache = SliceCache.load(dataset);
            PatientSplit split = Splits.of(dataset, cache, valPatients, valFraction, seed);
            DatasetStats stats = DatasetStats.compute(cache, split);
            String patient = cache.tumourShareByPatient().entrySet().stream()
                    .max(Map.Entry.<String, Double>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .map(Map.Entry::getKey)
                    .orElseThrow();
            List<DecodedSlice> tumours = EdaFigures.largestTumours(cache, 8);

            EdaFigures.slicesPerPatient(cache, out.resolve("slices_per_patient.png"));
            EdaFigures.tumourShare(stats, out.resolve("tumour_share.png"));
            EdaFigures.channelHistograms(stats.get(DatasetStats.ALL), out.resolve("channel_histograms.png"));
            EdaFigures.patientSlices(cache, patient, 36, out.resolve("patient_slices.png"));
            EdaFigures.maskOverlays(tumours, out.resolve("mask_overlay.png"));
            EdaFigures.channels(tumours.subList(0, Math.min(4, tumours.size())), out.resolve("channels.png"));

            HtmlReport report = new HtmlReport("brainseg exploratory data analysis");
            report.paragraph(
                    dataset + ", " + split + (valPatients != null ? " (from " + valPatients + ")" : ", seed " + seed));
            report.heading("Summary").preformatted(stats.describe());
            report.heading("Patients and tumour share")
                    .image("slices_per_patient.png", "Slices per patient")
                    .image("tumour_share.png", "Share of slices with tumour per split");
            report.heading("Intensities")
                    .image("channel_histograms.png", "Per-slice min, max, mean and std of each channel (all slices)");
            report.heading("Slices")
                    .image(
                            "patient_slices.png",
                            "Slices of " + patient + " (the patient with the largest share "
                                    + "of tumour slices) as colour images: pre-contrast, FLAIR, post-contrast as R, G, B")
                    .image("mask_overlay.png", "Slices with the largest tumours, mask in red")
                    .image(
                            "channels.png",
                            "Pre-contrast (labelled with the slice), FLAIR with the mask in red, " + "post-contrast");
            Path html = report.write(out);
            w.print(stats.describe());
            w.printf("%nfigures and report: %s%n", html.toAbsolutePath());
        }
        w.flush();
        return 0;
    }
}
