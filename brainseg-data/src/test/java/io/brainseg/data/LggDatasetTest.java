package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brainseg.core.batch.SliceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LggDatasetTest {

    @TempDir
    Path tmp;

    @Test
    void opensAFolderWithPatientsSortedAndSlicesInNaturalOrder() {
        Path root = TestData.tiny(tmp);
        try (LggDataset ds = TestData.open(root)) {
            assertThat(ds.getPatientIds())
                    .containsExactly(SyntheticLgg.patientId(0), SyntheticLgg.patientId(1), SyntheticLgg.patientId(2));
            assertThat(ds.getPatients().get(0).slices())
                    .extracting(s -> s.id().sliceNumber())
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, 12).boxed().toList());
            assertThat(ds.getSlices()).hasSize(36);
            LggSlice s10 = ds.getPatients().get(1).slices().get(9);
            assertThat(s10.id()).isEqualTo(new SliceId(SyntheticLgg.patientId(1), 10));
            assertThat(s10.image().getFileName()).hasToString(SyntheticLgg.patientId(1) + "_10.tif");
            assertThat(s10.mask().getFileName()).hasToString(SyntheticLgg.patientId(1) + "_10_mask.tif");
        }
    }

    @Test
    void acceptsTheFolderAboveKaggle3m() {
        TestData.tiny(tmp);
        try (LggDataset ds = TestData.open(tmp)) {
            assertThat(ds.getPatients()).hasSize(3);
        }
    }

    @Test
    void decodesChannelFirstUint8WithBinaryMask() {
        try (LggDataset ds = TestData.open(TestData.tiny(tmp))) {
            DecodedSlice s = ds.decode(ds.getPatients().get(0).slices().get(6));
            assertThat(s.height()).isEqualTo(TestData.SIZE);
            assertThat(s.image()).hasSize(3 * TestData.SIZE * TestData.SIZE);
            assertThat(s.mask()).hasSize(TestData.SIZE * TestData.SIZE);
            for (byte b : s.mask()) {
                assertThat(b).isIn((byte) 0, (byte) 1);
            }
            assertThat(s.hasTumour()).isTrue();
            assertThat(s.tumourPixels()).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lgg-mri-segmentation/"})
    void readsKaggleZipInPlace(String prefix) throws IOException {
        Path folder = tmp.resolve("src");
        Path root = TestData.tiny(folder);
        Path zip = TestData.zip(folder, prefix, tmp.resolve("lgg.zip"));
        try (LggDataset fromFolder = TestData.open(root);
                LggDataset fromZip = TestData.open(zip)) {
            assertThat(fromZip.getPatientIds()).isEqualTo(fromFolder.getPatientIds());
            assertThat(fromZip.getSlices()).hasSize(36);
            LggSlice a = fromFolder.getSlices().get(20);
            LggSlice b = fromZip.getSlices().get(20);
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(fromZip.decode(b).image()).isEqualTo(fromFolder.decode(a).image());
            assertThat(fromZip.decode(b).mask()).isEqualTo(fromFolder.decode(a).mask());
            assertThat(fromZip.location(b.image())).startsWith(zip.toAbsolutePath() + "!/" + prefix + "kaggle_3m/");
        }
        assertThat(Files.list(tmp))
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("src", "lgg.zip");
    }

    @Test
    void readsDataCsvIntoTypedRecordsAndIgnoresNonPatientFiles() throws IOException {
        Path root = TestData.tiny(tmp);
        Files.writeString(root.resolve("README.md"), "# readme");
        Files.writeString(
                root.resolve("data.csv"),
                "Patient,RNASeqCluster,age_at_initial_pathologic,death01\n"
                        + "TCGA_SY_0001,2,67,\nTCGA_SY_0002,,44,1\n");
        Files.createDirectories(root.resolve("not_a_patient"));
        try (LggDataset ds = TestData.open(root)) {
            assertThat(ds.getPatients()).hasSize(3);
            assertThat(ds.getClinicalRecords()).hasSize(2);
            ClinicalRecord r = ds.getClinical(SyntheticLgg.patientId(0)).orElseThrow();
            assertThat(r.patient()).isEqualTo("TCGA_SY_0001");
            assertThat(r.rnaSeqCluster()).isEqualTo(2);
            assertThat(r.ageAtInitialPathologic()).isEqualTo(67);
            assertThat(r.death01()).isNull();
            assertThat(r.gender()).isNull();
            assertThat(ds.getClinical("TCGA_SY_0002").orElseThrow().rnaSeqCluster())
                    .isNull();
            assertThat(ds.getClinical(SyntheticLgg.patientId(2))).isEmpty();
        }
    }

    @Test
    void reportsNonNumericDataCsvCellNamingLineAndColumnWithoutFailingOpen() throws IOException {
        Path root = TestData.tiny(tmp);
        Files.writeString(root.resolve("data.csv"), "Patient,gender\nTCGA_SY_0001,male\n");
        try (LggDataset ds = TestData.open(root)) {
            assertThat(ds.getClinicalProblems())
                    .singleElement()
                    .asString()
                    .contains("data.csv", "line 2", "gender", "'male' is not a number");
            assertThat(ds.getClinicalRecords()).isEmpty();
            assertThat(ds.getSlices()).hasSize(36);
        }
    }

    @Test
    void builderRejectsMissingPathAndBadSize() {
        assertThatThrownBy(() -> LggDataset.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path");
        assertThatThrownBy(() ->
                        LggDataset.builder().setPath(tmp).optExpectedSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expectedSize")
                .hasMessageContaining("0");
    }
}
