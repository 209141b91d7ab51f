package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets an {@link LggDataException} naming the file and the problem.
 * Structural problems fail {@code open} and are all reported at once; content problems fail the
 * decoding of that slice only, and the rest of the dataset stays readable.
 */
class LggDatasetErrorsTest {

    @TempDir
    Path tmp;

    private Path root;
    private String patient;

    @BeforeEach
    void writeDataset() {
        root = TestData.small(tmp);
        patient = SyntheticLgg.patientId(1);
    }

    private Path image(int n) {
        return root.resolve(patient).resolve(patient + "_" + n + ".tif");
    }

    private Path mask(int n) {
        return root.resolve(patient).resolve(patient + "_" + n + "_mask.tif");
    }

    /** Decoding slice 5 of the patient fails with a message naming {@code file}; slice 4 still decodes. */
    private void assertDecodeFails(Path file, String problem) {
        try (LggDataset ds = TestData.open(root)) {
            LggSlice bad = ds.getPatient(patient).slices().get(4);
            assertThatThrownBy(() -> ds.decode(bad)).isInstanceOf(LggDataException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(problem);
            assertThat(ds.decode(ds.getPatient(patient).slices().get(3)).id().sliceNumber()).isEqualTo(4);
        }
    }

    @Test
    void missingMaskFailsOpenNamingTheImage() throws IOException {
        Files.delete(mask(5));
        assertThatThrownBy(() -> TestData.open(root)).isInstanceOf(LggDataException.class)
                .hasMessageContaining(image(5).toString()).hasMessageContaining("missing mask");
    }

    @Test
    void maskWithoutImageFailsOpenNamingTheMask() throws IOException {
        Files.delete(image(6));
        assertThatThrownBy(() -> TestData.open(root)).isInstanceOf(LggDataException.class)
                .hasMessageContaining(mask(6).toString()).hasMessageContaining("mask without image");
    }

    @Test
    void everyStructuralProblemIsReportedAtOnce() throws IOException {
        Files.delete(mask(5));
        Files.delete(image(6));
        Files.createDirectories(root.resolve(SyntheticLgg.patientId(5)));
        assertThatThrownBy(() -> TestData.open(root)).isInstanceOfSatisfying(LggDataException.class, e -> {
            assertThat(e.getProblems()).hasSize(3);
            assertThat(e.getMessage()).contains("3 problems", "missing mask", "mask without image",
                    "patient folder has no slices");
        });
    }

    @Test
    void corruptTiffFailsDecodeNamingTheFile() throws IOException {
        Files.write(image(5), "this is not a TIFF at all".getBytes());
        assertDecodeFails(image(5), "TIFF");
    }

    @Test
    void truncatedTiffFailsDecodeNamingTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(mask(5));
        Files.write(mask(5), Arrays.copyOf(bytes, bytes.length / 2));
        assertDecodeFails(mask(5), "corrupt or truncated");
    }

    @Test
    void imageOfWrongSizeFailsDecode() throws IOException {
        TiffIO.write(new PlanarImage(3, 40, 40, new byte[3 * 40 * 40]), image(5), TiffCompression.NONE);
        assertDecodeFails(image(5), "image is 40x40, expected 32x32");
    }

    @Test
    void maskOfOtherSizeThanItsImageFailsDecode() throws IOException {
        TiffIO.write(new PlanarImage(1, 16, 32, new byte[16 * 32]), mask(5), TiffCompression.NONE);
        assertDecodeFails(mask(5), "mask is 32x16 but its image is 32x32");
    }

    @Test
    void maskValuesOtherThan0And255FailDecode() throws IOException {
        byte[] m = new byte[32 * 32];
        m[3 * 32 + 7] = (byte) 128;
        TiffIO.write(new PlanarImage(1, 32, 32, m), mask(5), TiffCompression.NONE);
        assertDecodeFails(mask(5), "mask value 128 at (y=3, x=7)");
    }

    @Test
    void greyImageFailsDecode() throws IOException {
        TiffIO.write(new PlanarImage(1, 32, 32, new byte[32 * 32]), image(5), TiffCompression.NONE);
        assertDecodeFails(image(5), "expected 3 channels");
    }

    @Test
    void emptyFolderFailsOpen() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> LggDataset.open(empty)).isInstanceOf(LggDataException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("empty folder");
        Path emptyRoot = Files.createDirectories(empty.resolve("kaggle_3m"));
        assertThatThrownBy(() -> LggDataset.open(empty)).isInstanceOf(LggDataException.class)
                .hasMessageContaining(emptyRoot.toString()).hasMessageContaining("no patient folders");
    }

    @Test
    void zipWithoutKaggle3mFailsOpen() throws IOException {
        Path zip = TestData.zip(root, "something_else/", tmp.resolve("other.zip"));
        assertThatThrownBy(() -> LggDataset.open(zip)).isInstanceOf(LggDataException.class)
                .hasMessageContaining(zip.toString()).hasMessageContaining("zip without kaggle_3m");
    }

    @Test
    void missingPathAndNonZipFileFailOpen() throws IOException {
        Path missing = tmp.resolve("nope.zip");
        assertThatThrownBy(() -> LggDataset.open(missing)).isInstanceOf(LggDataException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("no such file");
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> LggDataset.open(text)).isInstanceOf(LggDataException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("neither a folder nor a readable zip");
    }

    @Test
    void unexpectedTiffNameInPatientFolderFailsOpen() throws IOException {
        Path odd = root.resolve(patient).resolve("scan_3.tif");
        Files.copy(image(3), odd);
        assertThatThrownBy(() -> TestData.open(root)).isInstanceOf(LggDataException.class)
                .hasMessageContaining(odd.toString()).hasMessageContaining("unexpected file name");
    }
}
