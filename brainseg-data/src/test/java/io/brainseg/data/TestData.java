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

    private TestData() {}

    /** Writes a tiny dataset (3 patients × 12 slices of 32×32) and returns its kaggle_3m folder. */
    static Path tiny(Path dir) {
        return SyntheticLgg.builder().optPatients(3).optSlicesPerPatient(12).optSize(SIZE)
                .optSeed(1).build().write(dir);
    }

    /** Writes a smaller dataset (2 patients × 6 slices of 32×32) and returns its kaggle_3m folder. */
    static Path small(Path dir) {
        return SyntheticLgg.builder().optPatients(2).optSlicesPerPatient(6).optSize(SIZE)
                .optSeed(1).build().write(dir);
    }

    static LggDataset open(Path root) {
        return LggDataset.builder().setPath(root).optExpectedSize(SIZE).build();
    }

    /** Zips {@code folder} so that its content sits under {@code prefix} in the zip. */
    static Path zip(Path folder, String prefix, Path zipFile) throws IOException {
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
                    zos.putNextEntry(new ZipEntry(name));
                    Files.copy(p, zos);
                    zos.closeEntry();
                }
            }
        }
        return zipFile;
    }
}
