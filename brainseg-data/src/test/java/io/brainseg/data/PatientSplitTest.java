package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brainseg.core.testing.SharedFiles;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PatientSplitTest {

    private static final List<String> PATIENTS =
            IntStream.range(0, 40).mapToObj(SyntheticLgg::patientId).toList();

    private static PatientSplit split(long seed) {
        return PatientSplit.builder()
                .setPatients(PATIENTS)
                .optFractions(0.7, 0.2, 0.1)
                .optSeed(seed)
                .build();
    }

    @Test
    void noPatientIsInTwoSetsAndEveryPatientIsInOne() {
        PatientSplit s = split(3);
        assertThat(s.getTrain()).hasSize(28);
        assertThat(s.getValidation()).hasSize(8);
        assertThat(s.getTest()).hasSize(4);
        Set<String> all = new HashSet<>();
        s.asMap().values().forEach(all::addAll);
        assertThat(all).hasSize(40).containsExactlyInAnyOrderElementsOf(PATIENTS);
    }

    @Test
    void sameSeedGivesSameSplitAndDifferentSeedsDiffer() {
        assertThat(split(7)).isEqualTo(split(7));
        assertThat(split(7).getValidation()).isNotEqualTo(split(8).getValidation());
        List<String> shuffledInput = new ArrayList<>(PATIENTS);
        java.util.Collections.reverse(shuffledInput);
        PatientSplit fromReversed = PatientSplit.builder()
                .setPatients(shuffledInput)
                .optFractions(0.7, 0.2, 0.1)
                .optSeed(7)
                .build();
        assertThat(fromReversed).isEqualTo(split(7));
    }

    @Test
    void stratifiedSplitGivesEachSetASimilarTumourShare() {
        Map<String, Double> share = new LinkedHashMap<>();
        for (int i = 0; i < PATIENTS.size(); i++) {
            share.put(PATIENTS.get(i), i / 39.0);
        }
        for (long seed = 0; seed < 5; seed++) {
            PatientSplit s = PatientSplit.builder()
                    .setPatients(PATIENTS)
                    .optFractions(0.8, 0.2, 0)
                    .optStratifyBy(share)
                    .optSeed(seed)
                    .build();
            double train =
                    s.getTrain().stream().mapToDouble(share::get).average().orElseThrow();
            double val =
                    s.getValidation().stream().mapToDouble(share::get).average().orElseThrow();
            assertThat(val).isCloseTo(train, org.assertj.core.data.Offset.offset(0.05));
            assertThat(s.getValidation()).hasSize(8);
        }
        PatientSplit a = PatientSplit.builder()
                .setPatients(PATIENTS)
                .optStratifyBy(share)
                .optSeed(1)
                .build();
        PatientSplit b = PatientSplit.builder()
                .setPatients(PATIENTS)
                .optStratifyBy(share)
                .optSeed(2)
                .build();
        assertThat(a.getValidation()).isNotEqualTo(b.getValidation());
    }

    @Test
    void explicitListsMustBeDisjoint() {
        PatientSplit s = PatientSplit.of(List.of("b", "a"), List.of("c"), List.of());
        assertThat(s.getTrain()).containsExactly("a", "b");
        assertThatThrownBy(() -> PatientSplit.of(List.of("a", "b"), List.of("b"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patient b is in both");
    }

    @Test
    void parsesMarkdownWithAndWithoutTrainingSection() {
        String md =
                "# Patients\nintro\n\n## Validation patients (2)\nKeep out.\n\n- P1\n- P3 (note)\n\n## Other\n- P4\n";
        PatientSplit s = PatientSplit.parseMarkdown(md, "SPLIT.md", List.of("P1", "P2", "P3", "P4"));
        assertThat(s.getValidation()).containsExactly("P1", "P3");
        assertThat(s.getTrain()).containsExactly("P2", "P4");
        PatientSplit t = PatientSplit.parseMarkdown(
                md + "## Training patients\n- P2\n", "SPLIT.md", List.of("P1", "P2", "P3", "P4"));
        assertThat(t.getTrain()).containsExactly("P2");
    }

    @Test
    void writtenMarkdownReadsBackAsTheSameSplit() {
        PatientSplit s = split(5);
        String md = s.toMarkdown("brainseg train --dev-fold 1/5");
        assertThat(md).startsWith("# brainseg train --dev-fold 1/5\n").contains("## Test patients (4)\n");
        assertThat(PatientSplit.parseMarkdown(md, "split.md", PATIENTS)).isEqualTo(s);
        PatientSplit noTest = PatientSplit.of(List.of("a"), List.of("b"), List.of());
        assertThat(PatientSplit.parseMarkdown(noTest.toMarkdown("t"), "split.md", List.of("a", "b", "c")))
                .isEqualTo(noTest);
    }

    @Test
    void markdownNamingUnknownPatientOrNoValidationFails() {
        assertThatThrownBy(
                        () -> PatientSplit.parseMarkdown("## Validation patients\n- PX\n", "SPLIT.md", List.of("P1")))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining("SPLIT.md")
                .hasMessageContaining("PX");
        assertThatThrownBy(() -> PatientSplit.parseMarkdown("# nothing\n", "SPLIT.md", List.of("P1")))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining("Validation patients");
        assertThatThrownBy(() -> PatientSplit.parseMarkdown(
                        "## Validation patients\n- P1\n## Training patients\n- P1\n", "SPLIT.md", List.of("P1")))
                .isInstanceOf(LggDataException.class)
                .hasMessageContaining("P1 is in both");
    }

    @Test
    void readsTheSharedSplitFile() {
        List<String> ids = new ArrayList<>();
        for (String line : readLines(SharedFiles.requireSplitFile())) {
            if (line.startsWith("- ")) {
                ids.add(line.substring(2).trim());
            }
        }
        PatientSplit s = PatientSplit.readMarkdown(SharedFiles.requireSplitFile(), ids);
        assertThat(s.getValidation()).hasSize(11).contains("TCGA_DU_7014_19860618", "TCGA_HT_8107_19980708");
        assertThat(s.getTrain()).hasSize(44).doesNotContainAnyElementsOf(s.getValidation());
    }

    @Test
    void builderRejectsBadFractionsAndMissingScores() {
        assertThatThrownBy(() -> PatientSplit.builder()
                        .setPatients(PATIENTS)
                        .optFractions(0.5, 0.2, 0)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> PatientSplit.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patients");
        assertThatThrownBy(() -> PatientSplit.builder()
                        .setPatients(PATIENTS)
                        .optStratifyBy(Map.of())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no score for patient");
    }

    private static List<String> readLines(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readAllLines(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
