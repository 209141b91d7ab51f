package io.brainseg.serve;

import io.brainseg.data.SyntheticLgg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The synthetic slices the web page offers to try the model without data at hand: one synthetic
 * patient from {@link SyntheticLgg} (fixed seed, 256×256, tumour in every slice), its slice TIFFs
 * kept in memory exactly as the generator writes them. Made on first use, in a temporary folder
 * that is deleted at once.
 */
final class SampleSlices {

    /** How many slices are offered. */
    static final int COUNT = 3;

    private volatile List<byte[]> tiffs;

    /**
     * Returns the sample TIFFs, generating them on first call.
     *
     * @return {@value #COUNT} TIFF files
     */
    List<byte[]> tiffs() {
        List<byte[]> t = tiffs;
        if (t == null) {
            synchronized (this) {
                if (tiffs == null) {
                    tiffs = generate();
                }
                t = tiffs;
            }
        }
        return t;
    }

    private static List<byte[]> generate() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("brainseg-samples");
            Path root = SyntheticLgg.builder()
                    .optPatients(1)
                    .optSlicesPerPatient(COUNT)
                    .optSize(256)
                    .optTumourFraction(1.0)
                    .optSeed(11)
                    .build()
                    .write(dir);
            Path patient = root.resolve(SyntheticLgg.patientId(0));
            List<byte[]> out = new ArrayList<>();
            for (int s = 1; s <= COUNT; s++) {
                out.add(Files.readAllBytes(patient.resolve(SyntheticLgg.patientId(0) + "_" + s + ".tif")));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate the sample slices", e);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
