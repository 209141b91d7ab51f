package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatientFoldsTest {

    private static final List<String> PATIENTS =
            IntStream.range(0, 44).mapToObj(SyntheticLgg::patientId).toList();

    /** Score i/43 for the i-th patient: each group of k neighbours in score order is known. */
    private static Map<String, Double> rampScores() {
        Map<String, Double> share = new LinkedHashMap<>();
        for (int i = 0; i < PATIENTS.size(); i++) {
            share.put(PATIENTS.get(i), i / (PATIENTS.size() - 1.0));
        }
        return share;
    }

    private static PatientFolds folds(int k, long seed, Map<String, Double> scores) {
        PatientFolds.Builder b =
                PatientFolds.builder().setPatients(PATIENTS).setFolds(k).optSeed(seed);
        return (scores == null ? b : b.optStratifyBy(scores)).build();
    }

    @ParameterizedTest(name = "k={0}")
    @CsvSource({"2", "3", "5", "7", "44"})
    void everyPatientIsInExactlyOneFoldAndSizesDifferByAtMostOne(int k) {
        PatientFolds f = folds(k, 3, rampScores());
        assertThat(f.size()).isEqualTo(k);
        List<String> all = new ArrayList<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 0; i < k; i++) {
            all.addAll(f.getFold(i));
            min = Math.min(min, f.getFold(i).size());
            max = Math.max(max, f.getFold(i).size());
        }
        assertThat(all).hasSize(PATIENTS.size()).containsExactlyInAnyOrderElementsOf(PATIENTS);
        assertThat(max - min).isLessThanOrEqualTo(1);
    }

    @Test
    void eachGroupOfKNeighboursInScoreOrderGivesOnePatientToEachFold() {
        int k = 5;
        PatientFolds f = folds(k, 11, rampScores());
        Map<String, Integer> foldOf = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            for (String p : f.getFold(i)) {
                foldOf.put(p, i);
            }
        }
        // The ramp sorts patients in index order, so patients 5g..5g+4 form group g.
        for (int from = 0; from + k <= PATIENTS.size(); from += k) {
            Set<Integer> used = new HashSet<>();
            for (int i = from; i < from + k; i++) {
                used.add(foldOf.get(PATIENTS.get(i)));
            }
            assertThat(used).as("group starting at patient %d", from).hasSize(k);
        }
    }

    @Test
    void foldsDependOnTheSeedButNotOnTheOrderThePatientsAreGivenIn() {
        List<String> reversed = new ArrayList<>(PATIENTS);
        Collections.reverse(reversed);
        PatientFolds fromReversed = PatientFolds.builder()
                .setPatients(reversed)
                .setFolds(5)
                .optSeed(7)
                .optStratifyBy(rampScores())
                .build();
        PatientFolds a = folds(5, 7, rampScores());
        for (int i = 0; i < 5; i++) {
            assertThat(fromReversed.getFold(i)).isEqualTo(a.getFold(i));
        }
        assertThat(folds(5, 8, rampScores()).getFold(0)).isNotEqualTo(a.getFold(0));
        assertThat(folds(5, 7, null).getFold(0)).isNotEqualTo(a.getFold(0));
    }

    @Test
    void splitValidatesOnTheFoldTrainsOnTheRestAndHoldsOutTheGivenPatients() {
        PatientFolds f = folds(4, 1, null);
        List<String> heldOut = List.of("held-1", "held-2");
        PatientSplit s = f.split(2, heldOut);
        assertThat(s.getValidation()).isEqualTo(f.getFold(2));
        List<String> expectedTrain = new ArrayList<>();
        for (int i : new int[] {0, 1, 3}) {
            expectedTrain.addAll(f.getFold(i));
        }
        assertThat(s.getTrain()).containsExactlyInAnyOrderElementsOf(expectedTrain);
        assertThat(s.getTest()).containsExactly("held-1", "held-2");
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> folds(1, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("folds must be in [2, 44]")
                .hasMessageContaining("got 1");
        assertThatThrownBy(() -> folds(45, 0, null)).hasMessageContaining("got 45");
        assertThatThrownBy(() -> folds(5, 0, Map.of(PATIENTS.get(0), 0.0)))
                .hasMessageContaining("no score for patient");
        assertThatThrownBy(() -> PatientFolds.builder().setFolds(2).build())
                .hasMessageContaining("patients must be set");
        assertThatThrownBy(() -> folds(3, 0, null).getFold(3)).hasMessageContaining("fold must be in [0, 3), got 3");
        assertThatThrownBy(() -> folds(3, 0, null).split(0, List.of(PATIENTS.get(5))))
                .hasMessageContaining(PATIENTS.get(5));
    }
}
