package io.brainseg.examples;

import io.brainseg.data.LggDataException;
import io.brainseg.data.LggDataset;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg check --data DIR|ZIP}: validates a kaggle_3m dataset once, completely, before
 * training on it: its structure (every problem at once), every slice's decoding (every bad slice at
 * once, including zip entries whose CRC does not match) and {@code data.csv} (every bad line, as
 * warnings: training does not need it). Exit 0 when every slice decodes, 1 otherwise.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Check a kaggle_3m folder or zip: structure, every slice, data.csv; lists every problem at once.")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataOptions dataOptions;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        try (LggDataset dataset = dataOptions.open()) {
            w.printf(Locale.ROOT, "%s%n", dataset);
            List<String> clinical = dataset.getClinicalProblems();
            if (!clinical.isEmpty()) {
                w.printf(
                        Locale.ROOT,
                        "warning: data.csv is ignored (training does not need it), %d problem%s:%n",
                        clinical.size(),
                        clinical.size() == 1 ? "" : "s");
                clinical.forEach(p -> w.println("  - " + p));
            } else {
                w.printf(
                        Locale.ROOT,
                        "data.csv: %d clinical records%n",
                        dataset.getClinicalRecords().size());
            }
            w.flush();
            List<String> bad = dataset.findBadSlices();
            if (!bad.isEmpty()) {
                throw new LggDataException(
                        bad.size() + " of " + dataset.getSlices().size() + " slices of " + dataOptions.data
                                + " cannot be decoded",
                        bad);
            }
            w.printf(
                    Locale.ROOT,
                    "all %d slices decode (%d patients)%n",
                    dataset.getSlices().size(),
                    dataset.getPatients().size());
        }
        w.flush();
        return 0;
    }
}
