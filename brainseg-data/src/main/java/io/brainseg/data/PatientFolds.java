package io.brainseg.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded k-fold partition of patients (scikit-learn's {@code StratifiedKFold} at patient level), for
 * choosing settings on a part of the training patients so that the validation patients are used only
 * for the final figure.
 *
 * <p>Every patient is in exactly one fold and fold sizes differ by at most one. With a per-patient
 * score (the share of slices with tumour, {@link SliceCache#tumourShareByPatient()}), patients are
 * sorted by score and cut into groups of {@code k} neighbours; each group gives one patient to each
 * fold, in a seeded order, so every fold spans the score range. The folds depend only on the
 * patients, {@code k}, the scores and the seed, never on the order the patients are given in.
 *
 * <pre>{@code
 * PatientFolds folds = PatientFolds.builder()
 *         .setPatients(split.getTrain())
 *         .setFolds(5)
 *         .optStratifyBy(cache.tumourShareByPatient())
 *         .build();
 * PatientSplit dev = folds.split(0, split.getValidation()); // fold 0 validates, the rest trains
 * }</pre>
 */
public final class PatientFolds {

    private final List<List<String>> folds;

    private PatientFolds(List<List<String>> folds) {
        this.folds = folds;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of folds.
     *
     * @return {@code k}
     */
    public int size() {
        return folds.size();
    }

    /**
     * Returns the patients of one fold, sorted.
     *
     * @param fold the fold, 0-based
     * @return its patients
     * @throws IllegalArgumentException if {@code fold} is not in {@code [0, k)}
     */
    public List<String> getFold(int fold) {
        check(fold);
        return folds.get(fold);
    }

    /**
     * Makes the split that validates on one fold and trains on the others.
     *
     * @param fold the validation fold, 0-based
     * @param heldOut patients kept out of both sets (the real validation patients, say); they become
     *     the split's test set so that a written split records them
     * @return training = the other folds, validation = {@code fold}, test = {@code heldOut}
     * @throws IllegalArgumentException if {@code fold} is out of range or a held-out patient is in a fold
     */
    public PatientSplit split(int fold, Collection<String> heldOut) {
        check(fold);
        List<String> train = new ArrayList<>();
        for (int f = 0; f < folds.size(); f++) {
            if (f != fold) {
                train.addAll(folds.get(f));
            }
        }
        return PatientSplit.of(train, folds.get(fold), heldOut);
    }

    private void check(int fold) {
        if (fold < 0 || fold >= folds.size()) {
            throw new IllegalArgumentException("fold must be in [0, " + folds.size() + "), got " + fold);
        }
    }

    @Override
    public String toString() {
        List<Integer> sizes = new ArrayList<>();
        folds.forEach(f -> sizes.add(f.size()));
        return "PatientFolds{k=" + folds.size() + ", sizes=" + sizes + "}";
    }

    /** Options of a {@link PatientFolds}. */
    public static final class Builder {

        private Collection<String> patients;
        private int k;
        private long seed = 42;
        private Map<String, Double> scores;

        private Builder() {}

        /**
         * Sets the patients to partition (required).
         *
         * @param patients the patient ids; duplicates count once
         * @return this builder
         */
        public Builder setPatients(Collection<String> patients) {
            this.patients = patients;
            return this;
        }

        /**
         * Sets the number of folds (required).
         *
         * @param k at least 2 and at most the number of patients
         * @return this builder
         */
        public Builder setFolds(int k) {
            this.k = k;
            return this;
        }

        /**
         * Sets the seed (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Stratifies by a per-patient score, typically the share of slices with tumour.
         *
         * @param scoreByPatient a score for every patient
         * @return this builder
         */
        public Builder optStratifyBy(Map<String, Double> scoreByPatient) {
            this.scores = scoreByPatient;
            return this;
        }

        /**
         * Makes the folds.
         *
         * @return the folds
         * @throws IllegalArgumentException naming the setting if the patients are missing, {@code k}
         *     is below 2 or above the number of patients, or a patient has no score
         */
        public PatientFolds build() {
            if (patients == null || patients.isEmpty()) {
                throw new IllegalArgumentException("patients must be set (setPatients) and not empty, got " + patients);
            }
            List<String> ids = new ArrayList<>(new LinkedHashSet<>(patients));
            if (k < 2 || k > ids.size()) {
                throw new IllegalArgumentException(
                        "folds must be in [2, " + ids.size() + "] for " + ids.size() + " patients, got " + k);
            }
            // Sorted first, so the folds do not depend on the order the caller listed the patients in.
            Collections.sort(ids);
            Random rnd = new Random(seed);
            Collections.shuffle(ids, rnd);
            if (scores != null) {
                for (String id : ids) {
                    if (!scores.containsKey(id)) {
                        throw new IllegalArgumentException("optStratifyBy has no score for patient " + id);
                    }
                }
                // A stable sort after the shuffle: ties (many patients share a score of 0) stay shuffled.
                ids.sort(Comparator.comparingDouble(scores::get));
            }
            List<List<String>> out = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                out.add(new ArrayList<>());
            }
            List<Integer> order = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                order.add(f);
            }
            for (int from = 0; from < ids.size(); from += k) {
                // Each group of k neighbours deals one patient to each fold in a fresh order; the last,
                // shorter group goes to the folds that are smallest so far, so sizes differ by at most one.
                Collections.shuffle(order, rnd);
                List<Integer> targets = new ArrayList<>(order);
                targets.sort(Comparator.comparingInt(f -> out.get(f).size()));
                int to = Math.min(ids.size(), from + k);
                for (int i = from; i < to; i++) {
                    out.get(targets.get(i - from)).add(ids.get(i));
                }
            }
            List<List<String>> sorted = new ArrayList<>();
            for (List<String> f : out) {
                Collections.sort(f);
                sorted.add(List.copyOf(f));
            }
            return new PatientFolds(List.copyOf(sorted));
        }
    }
}
