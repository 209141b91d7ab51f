package io.brainseg.examples;

import io.brainseg.core.data.DatasetStats;
import io.brainseg.core.data.LggDataset;
import io.brainseg.core.data.PatientSplit;
import io.brainseg.core.data.SliceCache;
import io.brainseg.core.data.SyntheticLgg;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg quickstart}: writes the built-in synthetic dataset (kaggle_3m layout, real TIFF
 * files) into a work folder, reads it back through the data layer, splits it by patient (seeded,
 * stratified by tumour share) and prints the dataset summary of each set.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Generate the synthetic dataset and print its summary per patient split.")
public final class QuickstartCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "work/quickstart",
            description = "Work folder; the dataset goes to DIR/kaggle_3m (default: ${DEFAULT-VALUE}).")
    private Path work;

    @Option(names = "--patients", defaultValue = "12", description = "Synthetic patients (default: ${DEFAULT-VALUE}).")
    private int patients;

    @Option(names = "--slices", defaultValue = "16", description = "Slices per patient (default: ${DEFAULT-VALUE}).")
    private int slices;

    @Option(names = "--size", defaultValue = "128", description = "Slice height and width (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--tumour-fraction", defaultValue = "0.4",
            description = "Share of each patient's slices with tumour (default: ${DEFAULT-VALUE}).")
    private double tumourFraction;

    @Option(names = "--val-fraction", defaultValue = "0.25",
            description = "Share of patients kept for validation (default: ${DEFAULT-VALUE}).")
    private double valFraction;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of data and split (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path root = SyntheticLgg.builder().optPatients(patients).optSlicesPerPatient(slices).optSize(size)
                .optTumourFraction(tumourFraction).optSeed(seed).build().write(work.toAbsolutePath());
        out.printf("Synthetic kaggle_3m dataset written to %s%n", root);
        try (LggDataset dataset = LggDataset.builder().setPath(root).optExpectedSize(size).build()) {
            SliceCache cache = SliceCache.load(dataset);
            PatientSplit split = PatientSplit.builder().setPatients(dataset.getPatientIds())
                    .optFractions(1 - valFraction, valFraction, 0).optStratifyBy(cache.tumourShareByPatient())
                    .optSeed(seed).build();
            out.printf("%s, %s, seed %d%n%n", dataset, split, seed);
            out.print(DatasetStats.compute(cache, split).describe());
        }
        out.flush();
        return 0;
    }
}
