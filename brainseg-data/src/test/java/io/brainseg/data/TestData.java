package io.brainseg.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small synthetic datasets and zips for the data-layer tests. */
final class TestData {

    static final int SIZE = 32;

    /** The patient of the synthetic datasets whose files the error tests damage. */
    static final String PATIENT = SyntheticLgg.patientId(1);

    private TestData() {}

    /** Writes a tiny dataset (3 patients × 12 slices of 32×32) and returns its kaggle_3m folder. */
    static Path tiny(Path dir) {
        return SyntheticLgg.builder()
                .optPatients(3)
                .optSlicesPerPatient(12)
                .optSize(SIZE)
                .optSeed(1)
                .build()
                .write(dir);
    }

    /** Writes a smaller dataset (2 patients × 6 slices of 32×32) and returns its kaggle_3m folder. */
    static Path small(Path dir) {
        return SyntheticLgg.builder()
                .optPatients(2)
                .optSlicesPerPatient(6)
                .optSize(SIZE)
                .optSeed(1)
                .build()
                .write(dir);
    }

    /** Returns the image file of slice {@code n} (1-based) of {@link #PATIENT} under {@code root}. */
    static Path image(Path root, int n) {
        return root.resolve(PATIENT).resolve(PATIENT + "_" + n + ".tif");
    }

    /** Returns the mask file of slice {@code n} (1-based) of {@link #PATIENT} under {@code root}. */
    static Path mask(Path root, int n) {
        return root.resolve(PATIENT).resolve(PATIENT + "_" + n + "_mask.tif");
    }

    /** Returns the first index of {@code needle} in {@code hay}, or -1. */
    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static LggDataset open(Path root) {
        return LggDataset.builder().setPath(root).optExpectedSize(SIZE).build();
    }

    /** Zips {@code folder} so that its content sits under {@code prefix} in the zip. */
    static Path zip(Path folder, String prefix, Path zipFile) throws IOException {
        return zip(folder, prefix, zipFile, false);
    }

    /**
     * Zips {@code folder} under {@code prefix}; with {@code stored} the files are not compressed, so
     * their bytes appear verbatim in the zip (a flipped byte there is a flipped pixel).
     */
    static Path zip(Path folder, String prefix, Path zipFile, boolean stored) throws IOException {
        try (OutputStream os = Files.newOutputStream(zipFile);
                ZipOutputStream zos = new ZipOutputStream(os);
                Stream<Path> walk = Files.walk(folder)) {
            List<Path> paths = walk.sorted().toList();
            for (Path p : paths) {
                String rel = folder.relativize(p).toString().replace('\\', '/');
                String name = prefix + rel;
                if (Files.isDirectory(p)) {
                    if (!name.isEmpty()) {
                        zos.putNextEntry(new ZipEntry(name.endsWith("/") ? name : name + "/"));
                        zos.closeEntry();
                    }
                } else {
                    ZipEntry e = new ZipEntry(name);
                    byte[] bytes = Files.readAllBytes(p);
                    if (stored) {
                        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                        crc.update(bytes);
                        e.setMethod(ZipEntry.STORED);
                        e.setSize(bytes.length);
                        e.setCompressedSize(bytes.length);
                        e.setCrc(crc.getValue());
                    }
                    zos.putNextEntry(e);
                    zos.write(bytes);
                    zos.closeEntry();
                }
            }
        }
        return zipFile;
    }
}
