package io.brainseg.data;

import static io.brainseg.data.TestData.PATIENT;
import static io.brainseg.data.TestData.image;
import static io.brainseg.data.TestData.mask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of bad input gets an {@link LggDataException} naming the file and the problem.
 * Structural problems fail {@code open} and are all reported at once; content problems fail the
 * decoding of that slice only, and the rest of the dataset stays readable.
 */
class LggDatasetErrorsTest {

    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void writeDataset() {
        root = TestData.small(tmp);
    }

    /** Decoding slice 5 of the patient fails with a message naming {@code file}; slice 4 still decodes. */
    private void assertDecodeFails(Path file, String problem) {
        try (LggDataset ds = TestData.open(root)) {
            LggSlice bad = ds.getPatient(PATIENT).slices().get(4);
            assertThatThrownBy(() -> ds.decode(bad))
                    .isInstanceOf(LggDataException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining(problem);
            assertThat(ds.decode(ds.getPatient(PATIENT).slices().get(3)).id().sliceNumber())
                    .isEqualTo(4);
        }
    }

    @Test
    void missingMaskFailsOpenNamingTheImage() throws IOException {
        Files.delete(mask(root, 5));
        assertThatThrownBy(() -> TestData.open(root))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining(image(root, 5).toString())
                .hasMessageContaining("missing mask");
    }

    @Test
    void maskWithoutImageFailsOpenNamingTheMask() throws IOException {
        Files.delete(image(root, 6));
        assertThatThrownBy(() -> TestData.open(root))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining(mask(root, 6).toString())
                .hasMessageContaining("mask without image");
    }

    @Test
    void everyStructuralProblemIsReportedAtOnce() throws IOException {
        Files.delete(mask(root, 5));
        Files.delete(image(root, 6));
        Files.createDirectories(root.resolve(SyntheticLgg.patientId(5)));
        assertThatThrownBy(() -> TestData.open(root)).isInstanceOfSatisfying(LggDataException.class, e -> {
            assertThat(e.getProblems()).hasSize(3);
            assertThat(e.getMessage())
                    .contains("3 problems", "missing mask", "mask without image", "patient folder has no slices");
        });
    }

    @Test
    void corruptTiffFailsDecodeNamingTheFile() throws IOException {
        Files.write(image(root, 5), "this is not a TIFF at all".getBytes());
        assertDecodeFails(image(root, 5), "TIFF");
    }

    @Test
    void truncatedTiffFailsDecodeNamingTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(mask(root, 5));
        Files.write(mask(root, 5), Arrays.copyOf(bytes, bytes.length / 2));
        assertDecodeFails(mask(root, 5), "corrupt or truncated");
    }

    /** An all-zero TIFF of the wrong geometry in place of slice 5's image or mask fails its decoding. */
    @ParameterizedTest(name = "{0} of {1}x{2}x{3}")
    @CsvSource({
        "image, 3, 40, 40, 'image is 40x40, expected 32x32'",
        "mask, 1, 16, 32, 'mask is 32x16 but its image is 32x32'",
        "image, 1, 32, 32, expected 3 channels"
    })
    void wrongSizeOrGreyTiffFailsDecode(String which, int channels, int height, int width, String problem)
            throws IOException {
        Path file = which.equals("image") ? image(root, 5) : mask(root, 5);
        TiffIO.write(
                new PlanarImage(channels, height, width, new byte[channels * height * width]),
                file,
                TiffCompression.NONE);
        assertDecodeFails(file, problem);
    }

    @Test
    void maskValuesOtherThan0And255FailDecode() throws IOException {
        byte[] m = new byte[32 * 32];
        m[3 * 32 + 7] = (byte) 128;
        TiffIO.write(new PlanarImage(1, 32, 32, m), mask(root, 5), TiffCompression.NONE);
        assertDecodeFails(mask(root, 5), "mask value 128 at (y=3, x=7)");
    }

    @Test
    void emptyFolderFailsOpen() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> LggDataset.open(empty))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("empty folder");
        Path emptyRoot = Files.createDirectories(empty.resolve("kaggle_3m"));
        assertThatThrownBy(() -> LggDataset.open(empty))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining(emptyRoot.toString())
                .hasMessageContaining("no patient folders");
    }

    @Test
    void zipWithoutKaggle3mFailsOpen() throws IOException {
        Path zip = TestData.zip(root, "something_else/", tmp.resolve("other.zip"));
        assertThatThrownBy(() -> LggDataset.open(zip))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining(zip.toString())
                .hasMessageContaining("zip without kaggle_3m");
    }

    @Test
    void missingPathAndNonZipFileFailOpen() throws IOException {
        Path missing = tmp.resolve("nope.zip");
        assertThatThrownBy(() -> LggDataset.open(missing))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> LggDataset.open(text))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining(text.toString())
                .hasMessageContaining("neither a folder nor a readable zip");
    }

    @Test
    void unexpectedTiffNameInPatientFolderFailsOpen() throws IOException {
        Path odd = root.resolve(PATIENT).resolve("scan_3.tif");
        Files.copy(image(root, 3), odd);
        assertThatThrownBy(() -> TestData.open(root))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining(odd.toString())
                .hasMessageContaining("unexpected file name");
    }
}
