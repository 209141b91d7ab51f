package io.brainseg.benchmarks.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the real-data zip for the data benchmarks, failing clearly when it is absent. */
final class RealZip {

    /** Default location, relative to the repository root the benchmarks are run from. */
    static final String DEFAULT = "../shared/data/lgg-mri-segmentation-55.zip";

    private RealZip() {}

    /**
     * Resolves the zip: the JMH parameter if set, else the system property {@code brainseg.realZip},
     * else {@link #DEFAULT}.
     */
    static Path resolve(String param) {
        String p = param != null && !param.isBlank() ? param : System.getProperty("brainseg.realZip", DEFAULT);
        Path zip = Paths.get(p).toAbsolutePath().normalize();
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("real-data zip " + zip + " is absent; run from the repository root "
                    + "with ../shared/data beside it, or pass -p zip=/path/to/lgg-mri-segmentation.zip");
        }
        return zip;
    }
}
