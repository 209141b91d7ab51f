package io.brainseg.examples;

import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --run} and {@code --checkpoint best|last} of {@code evaluate} and {@code predict}, as a
 * picocli mixin: which checkpoint of a run is scored is always explicit and always reported (console
 * and {@code evaluation.json}), never a silent fallback from {@code best/} to {@code last/}.
 */
final class CheckpointOption {

    /** The checkpoints of a run directory. */
    enum Which {
        BEST,
        LAST
    }

    @Option(
            names = "--run",
            required = true,
            paramLabel = "DIR",
            description = "Run directory (or a checkpoint directory holding checkpoint.json).")
    Path run;

    @Option(
            names = "--checkpoint",
            defaultValue = "best",
            paramLabel = "best|last",
            description = "Which checkpoint of the run: best (by validation Dice) or last (default: ${DEFAULT-VALUE}).")
    Which which;

    /**
     * Finds the checkpoint directory: {@code --run} itself if it holds {@code checkpoint.json}, else
     * its {@code best/} or {@code last/} as chosen.
     *
     * @return the checkpoint directory
     * @throws IllegalArgumentException naming the missing file and offering the other checkpoint
     */
    Path directory() {
        if (Files.isRegularFile(run.resolve(Checkpoint.META))) {
            return run;
        }
        if (!Files.isDirectory(run)) {
            throw new IllegalArgumentException("--run " + run + ": no such run directory");
        }
        String name = which.name().toLowerCase(Locale.ROOT);
        Path dir = AtomicFiles.resolveDirectory(run.resolve(name));
        if (!Files.isRegularFile(dir.resolve(Checkpoint.META))) {
            String other = which == Which.BEST ? "last" : "best";
            throw new IllegalArgumentException(dir.resolve(Checkpoint.META) + " is missing: the run has no usable "
                    + name + " checkpoint" + (which == Which.BEST ? " (damaged, or no epoch was validated)" : "")
                    + "; to score its " + other + " checkpoint instead, pass --checkpoint " + other);
        }
        return dir;
    }

    /**
     * Describes a checkpoint for the console and {@code evaluation.json}.
     *
     * @param dir the checkpoint directory from {@link #directory()}
     * @return directory, kind and epoch (counted from 1)
     */
    static Map<String, Object> describe(Path dir) {
        Checkpoint cp = Checkpoint.read(dir);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directory", dir.toAbsolutePath().normalize().toString());
        String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
        m.put("kind", n.equals(Checkpoint.BEST) || n.equals(Checkpoint.LAST) ? n : "directory");
        m.put("epoch", cp.getEpoch() + 1);
        return m;
    }

    /**
     * One line for the console: {@code checkpoint: /runs/a/best (best, epoch 12)}.
     *
     * @param description from {@link #describe(Path)}
     * @return the line
     */
    static String line(Map<String, Object> description) {
        return "checkpoint: " + description.get("directory") + " (" + description.get("kind") + ", epoch "
                + description.get("epoch") + ")";
    }
}
