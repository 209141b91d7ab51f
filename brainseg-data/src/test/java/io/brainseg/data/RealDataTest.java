package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.testing.SharedFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reads the 55-patient real zip in place (skipped when absent); one decoding pass, about 6 s. */
class RealDataTest {

    @Test
    void realZipHas55Patients1917BinarySlicePairsAnd653WithTumour() {
        Path zip = SharedFiles.requireRealZip();
        PatientSplit split;
        try (LggDataset ds = LggDataset.open(zip)) {
            split = PatientSplit.readMarkdown(SharedFiles.requireSplitFile(), ds.getPatientIds());
            assertThat(ds.getPatients()).hasSize(55);
            assertThat(ds.getSlices()).hasSize(1917);
            assertThat(ds.getClinicalRecords()).containsKey("TCGA_CS_4941");
            assertThat(ds.getClinical("TCGA_CS_4941_19960909").orElseThrow().ageAtInitialPathologic())
                    .isEqualTo(67);
            Set<String> validation = Set.copyOf(split.getValidation());
            assertThat(validation).hasSize(11);
            // One pass on all cores. decode() throws for any mask value other than 0 and 255 and for
            // any slice that is not 256×256, so every pair that decodes has a binary mask.
            record Seen(String patient, int height, boolean tumour) {}
            List<Seen> summary = ds.getSlices().parallelStream()
                    .map(ds::decode)
                    .map(s -> new Seen(s.id().patientId(), s.height(), s.hasTumour()))
                    .toList();
            assertThat(summary).hasSize(1917);
            int tumour = 0;
            int validationSlices = 0;
            int validationTumour = 0;
            for (Seen s : summary) {
                assertThat(s.height()).isEqualTo(256);
                boolean t = s.tumour();
                tumour += t ? 1 : 0;
                if (validation.contains(s.patient())) {
                    validationSlices++;
                    validationTumour += t ? 1 : 0;
                }
            }
            assertThat(tumour).isEqualTo(653);
            assertThat(validationSlices).isEqualTo(354);
            assertThat(validationTumour).isEqualTo(151);
        }
    }
}
