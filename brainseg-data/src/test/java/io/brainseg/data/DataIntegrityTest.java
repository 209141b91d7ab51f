package io.brainseg.data;

import static io.brainseg.data.TestData.PATIENT;
import static io.brainseg.data.TestData.image;
import static io.brainseg.data.TestData.mask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong data never reaches training silently: corrupt zip entries, ambiguous slice numbers and bad
 * slices are errors naming the files (all bad slices at once), and a bad {@code data.csv} is
 * reported line by line without blocking the slices.
 */
class DataIntegrityTest {

    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void writeDataset() {
        root = TestData.small(tmp.resolve("data"));
    }

    /** Flips one byte of slice 3's image inside a zip, in the middle of its pixel data. */
    private Path zipWithFlippedPixel(boolean stored) throws IOException {
        Path zip = TestData.zip(root, "kaggle_3m/", tmp.resolve("lgg.zip"), stored);
        byte[] z = Files.readAllBytes(zip);
        byte[] tiff = Files.readAllBytes(image(root, 3));
        int at = stored ? TestData.indexOf(z, tiff) + tiff.length / 2 : -1;
        if (!stored) {
            // Deflated: flip a byte inside the entry's compressed data (after its local header and name).
            byte[] name = ("kaggle_3m/" + PATIENT + "/" + PATIENT + "_3.tif").getBytes(StandardCharsets.US_ASCII);
            at = TestData.indexOf(z, name) + name.length + 20;
        }
        assertThat(at).isPositive();
        z[at] ^= 0x10;
        Files.write(zip, z);
        return zip;
    }

    @Test
    void flippedByteInStoredZipEntryIsAnErrorNamingTheEntry() throws IOException {
        Path zip = zipWithFlippedPixel(true);
        try (LggDataset ds =
                LggDataset.builder().setPath(zip).optExpectedSize(TestData.SIZE).build()) {
            LggSlice bad = ds.getPatient(PATIENT).slices().get(2);
            assertThatThrownBy(() -> ds.decode(bad))
                    .isInstanceOf(LggDataException.class)
                    .hasMessageContaining(zip + "!/kaggle_3m/" + PATIENT + "/" + PATIENT + "_3.tif")
                    .hasMessageContaining("corrupt zip entry, CRC-32");
            // Every other slice still decodes, to the same pixels as the folder.
            try (LggDataset folder = TestData.open(root)) {
                DecodedSlice fromZip = ds.decode(ds.getPatient(PATIENT).slices().get(3));
                DecodedSlice fromFolder =
                        folder.decode(folder.getPatient(PATIENT).slices().get(3));
                assertThat(fromZip.image()).isEqualTo(fromFolder.image());
            }
        }
    }

    @Test
    void flippedByteInDeflatedZipEntryIsAnErrorNamingTheEntry() throws IOException {
        Path zip = zipWithFlippedPixel(false);
        try (LggDataset ds =
                LggDataset.builder().setPath(zip).optExpectedSize(TestData.SIZE).build()) {
            LggSlice bad = ds.getPatient(PATIENT).slices().get(2);
            assertThatThrownBy(() -> ds.decode(bad))
                    .isInstanceOf(LggDataException.class)
                    .hasMessageContaining(zip + "!/kaggle_3m/" + PATIENT + "/" + PATIENT + "_3.tif");
        }
    }

    @Test
    void twoFilesForOneSliceNumberFailOpenNamingBoth() throws IOException {
        Path padded = root.resolve(PATIENT).resolve(PATIENT + "_03.tif");
        Path paddedMask = root.resolve(PATIENT).resolve(PATIENT + "_03_mask.tif");
        Files.copy(image(root, 3), padded);
        Files.copy(mask(root, 3), paddedMask);
        assertThatThrownBy(() -> TestData.open(root)).isInstanceOfSatisfying(LggDataException.class, e -> {
            assertThat(e.getProblems()).hasSize(2);
            assertThat(e.getProblems().get(0) + e.getProblems().get(1))
                    .contains(
                            padded.toString(),
                            image(root, 3).toString(),
                            paddedMask.toString(),
                            mask(root, 3).toString(),
                            "ambiguous slice number 3");
        });
    }

    @Test
    void everyBadSliceIsReportedAtOnceByCheckAndByTheFirstLoad() throws IOException {
        Files.write(image(root, 2), "not a tiff".getBytes(StandardCharsets.US_ASCII));
        byte[] m = Files.readAllBytes(mask(root, 5));
        Files.write(mask(root, 5), Arrays.copyOf(m, m.length / 3));
        try (LggDataset ds = TestData.open(root)) {
            assertThat(ds.findBadSlices())
                    .hasSize(2)
                    .anySatisfy(p -> assertThat(p).contains(image(root, 2).toString()))
                    .anySatisfy(p -> assertThat(p).contains(mask(root, 5).toString()));
            for (int threads : new int[] {1, 2}) {
                assertThatThrownBy(() -> SliceCache.load(ds, ds.getSlices(), threads))
                        .isInstanceOfSatisfying(LggDataException.class, e -> {
                            assertThat(e.getProblems()).hasSize(2);
                            assertThat(e.getMessage())
                                    .contains(
                                            "2 of 12 slices",
                                            image(root, 2).toString(),
                                            mask(root, 5).toString());
                        });
            }
        }
    }

    private LggDataset openWithCsv(byte[] csv) throws IOException {
        Files.write(root.resolve("data.csv"), csv);
        return TestData.open(root);
    }

    private static final String HEADER = "Patient,RNASeqCluster,gender,age_at_initial_pathologic\n";

    @Test
    void csvWithByteOrderMarkIsRead() throws IOException {
        byte[] text = (HEADER + "TCGA_CS_4941,2,2,67\r\nTCGA_CS_4942,1,1,44\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        try (LggDataset ds = openWithCsv(withBom)) {
            assertThat(ds.getClinicalProblems()).isEmpty();
            assertThat(ds.getClinicalRecords()).containsOnlyKeys("TCGA_CS_4941", "TCGA_CS_4942");
            assertThat(ds.getClinicalRecords().get("TCGA_CS_4941").ageAtInitialPathologic())
                    .isEqualTo(67);
            assertThat(ds.getClinicalRecords().get("TCGA_CS_4942").gender()).isEqualTo(1);
        }
    }

    @Test
    void badCsvRowsAreNamedByLineAndNeverBlockTheSlices() throws IOException {
        String csv = HEADER
                + "TCGA_CS_4941,2,2,67\n" // line 2
                + "TCGA_CS_4941,1,1,44\n" // line 3: duplicate
                + "<html><body>oops\n" // line 4: garbage
                + "TCGA_CS_5000,x,1,44\n"; // line 5: not a number
        try (LggDataset ds = openWithCsv(csv.getBytes(StandardCharsets.UTF_8))) {
            assertThat(ds.getClinicalProblems()).hasSize(3);
            assertThat(ds.getClinicalProblems().get(0))
                    .contains("data.csv: line 3: duplicate row for patient " + "TCGA_CS_4941 (first on line 2)");
            assertThat(ds.getClinicalProblems().get(1)).contains("data.csv: line 4: 1 cells, the header has 4");
            assertThat(ds.getClinicalProblems().get(2)).contains("data.csv: line 5, column RNASeqCluster: 'x'");
            assertThat(ds.getClinicalRecords()).isEmpty();
            assertThat(ds.getSlices()).hasSize(12);
            assertThat(ds.decode(ds.getSlices().get(0)).id().patientId()).isEqualTo(SyntheticLgg.patientId(0));
        }
    }

    @Test
    void csvInAnotherEncodingIsNamedByLine() throws IOException {
        byte[] latin1 =
                (HEADER + "TCGA_CS_4941,2,2,67\nTCGA_CS_4942,1,1,44 caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        try (LggDataset ds = openWithCsv(latin1)) {
            assertThat(ds.getClinicalProblems())
                    .singleElement()
                    .asString()
                    .contains("data.csv: line 3: not valid UTF-8");
            assertThat(ds.getSlices()).hasSize(12);
        }
        byte[] utf16 = (HEADER + "TCGA_CS_4941,2,2,67\n").getBytes(StandardCharsets.UTF_16LE);
        try (LggDataset ds = openWithCsv(utf16)) {
            assertThat(ds.getClinicalProblems()).singleElement().asString().contains("data.csv: line 1: NUL");
        }
    }
}
