package io.brainseg.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the project's shared folder (the real-data zip and its split), which lives beside the
 * repository as {@code ../shared} and is never copied into it. MONAI's golden values are vendored
 * into the test resources instead (see {@link Golden}): parity never depends on this folder.
 *
 * <p>Surefire passes its location as the system property {@code brainseg.shared.dir}; otherwise
 * the folders above the working directory are searched. Tests that need a file call the
 * {@code require*} methods, which skip the test with a message naming the missing path on a
 * machine that lacks it (a user's fresh clone).
 */
public final class SharedFiles {

    /** File name of the 55-patient real-data zip under {@code shared/data}. */
    public static final String REAL_ZIP = "lgg-mri-segmentation-55.zip";

    private SharedFiles() {}

    /**
     * Returns the shared folder, or null if none is found.
     *
     * @return the shared folder or null
     */
    public static Path sharedDir() {
        String prop = System.getProperty("brainseg.shared.dir");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("golden")) || Files.isDirectory(candidate.resolve("data"))) {
                return candidate.normalize();
            }
        }
        return null;
    }

    /**
     * Returns the real-data zip, skipping the test if it is absent.
     *
     * @return the path of the 55-patient zip
     */
    public static Path requireRealZip() {
        return require("data/" + REAL_ZIP);
    }

    /**
     * Returns {@code shared/data/SPLIT.md}, skipping the test if it is absent.
     *
     * @return the path of the split file
     */
    public static Path requireSplitFile() {
        return require("data/SPLIT.md");
    }

    private static Path require(String relative) {
        Path dir = sharedDir();
        Path file = dir == null ? null : dir.resolve(relative);
        Assumptions.assumeTrue(
                file != null && Files.isRegularFile(file),
                () -> "skipped: shared file " + (file == null ? "../shared/" + relative : file)
                        + " is absent (it lives beside the repository, never in it)");
        return file;
    }
}
