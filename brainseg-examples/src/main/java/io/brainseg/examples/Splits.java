package io.brainseg.examples;

import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientFolds;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The patient split the commands share: a validation list if given, else a seeded stratified split;
 * optionally narrowed to a development fold of the training patients ({@code --dev-fold K/N}).
 */
final class Splits {

    /**
     * The seed of the development folds. Fixed rather than taken from {@code --seed}, so runs that
     * differ only in their seed (to measure run-to-run spread) validate on the same patients.
     */
    static final long DEV_FOLD_SEED = 42;

    private Splits() {}

    /**
     * Splits the dataset's patients into train and validation, without a development fold.
     *
     * @param dataset the dataset
     * @param cache its decoded slices
     * @param valPatients a SPLIT.md-format file of validation patients, or null
     * @param valFraction the validation share when {@code valPatients} is null
     * @param seed the split seed when {@code valPatients} is null
     * @return the split (no test set)
     */
    static PatientSplit of(LggDataset dataset, SliceCache cache, Path valPatients, double valFraction, long seed) {
        return of(dataset, cache, valPatients, valFraction, seed, null);
    }

    /**
     * Splits the dataset's patients into train and validation.
     *
     * @param dataset the dataset
     * @param cache its decoded slices (for the tumour share each patient is stratified by)
     * @param valPatients a SPLIT.md-format file of validation patients, or null
     * @param valFraction the validation share when {@code valPatients} is null
     * @param seed the split seed when {@code valPatients} is null
     * @param devFold a development fold, or null: then the split's validation patients are held out
     *     (its test set), its training patients are cut into folds stratified by the fold's score
     *     and the chosen fold validates
     * @return the split
     */
    static PatientSplit of(
            LggDataset dataset, SliceCache cache, Path valPatients, double valFraction, long seed, DevFold devFold) {
        PatientSplit split = valPatients != null
                ? PatientSplit.readMarkdown(valPatients, dataset.getPatientIds())
                : PatientSplit.builder()
                        .setPatients(dataset.getPatientIds())
                        .optFractions(1 - valFraction, valFraction, 0)
                        .optStratifyBy(cache.tumourShareByPatient())
                        .optSeed(seed)
                        .build();
        if (devFold == null) {
            return split;
        }
        if (devFold.folds() > split.getTrain().size()) {
            throw new IllegalArgumentException("--dev-fold " + devFold + ": " + devFold.folds() + " folds of "
                    + split.getTrain().size() + " training patients leave a fold empty");
        }
        List<String> heldOut = new ArrayList<>(split.getValidation());
        heldOut.addAll(split.getTest());
        return PatientFolds.builder()
                .setPatients(split.getTrain())
                .setFolds(devFold.folds())
                .optSeed(DEV_FOLD_SEED)
                .optStratifyBy(devFold.by().scores(cache))
                .build()
                .split(devFold.fold() - 1, heldOut);
    }

    /**
     * What development folds are stratified by ({@code --dev-fold-by}). The share of slices with
     * tumour is the default so that folds named in earlier results keep their patients; the tumour
     * volume spreads small and large tumours over the folds, which the share does not
     * (docs/results.md, "What the judges hold").
     */
    enum FoldScore {
        /** Each patient's share of slices with tumour ({@link SliceCache#tumourShareByPatient()}). */
        SHARE,
        /** Each patient's tumour voxels ({@link SliceCache#tumourVoxelsByPatient()}). */
        VOLUME;

        /**
         * Returns each patient's score.
         *
         * @param cache the decoded slices
         * @return patient id to score
         */
        Map<String, Double> scores(SliceCache cache) {
            return this == SHARE ? cache.tumourShareByPatient() : cache.tumourVoxelsByPatient();
        }
    }

    /**
     * A development fold: fold {@code fold} (counted from 1, as users read it) of {@code folds},
     * with the folds stratified by {@code by}.
     *
     * @param fold the validating fold, 1 to {@code folds}
     * @param folds the number of folds, at least 2
     * @param by what the folds are stratified by
     */
    record DevFold(int fold, int folds, FoldScore by) {

        /**
         * Parses {@code K/N}.
         *
         * @param text the option value
         * @return the fold
         * @throws IllegalArgumentException naming the value if it is not {@code K/N} with
         *     {@code 1 <= K <= N} and {@code N >= 2}
         */
        static DevFold parse(String text) {
            String[] parts = text.strip().split("/", -1);
            try {
                if (parts.length == 2) {
                    int k = Integer.parseInt(parts[0].strip());
                    int n = Integer.parseInt(parts[1].strip());
                    if (n >= 2 && k >= 1 && k <= n) {
                        return new DevFold(k, n, FoldScore.SHARE);
                    }
                }
            } catch (NumberFormatException e) {
                // falls through to the message below, which says what is expected
            }
            throw new IllegalArgumentException(
                    "--dev-fold must be K/N with 1 <= K <= N and N >= 2 (fold K of N), got '" + text + "'");
        }

        /**
         * Returns the same fold with the folds stratified by {@code score}.
         *
         * @param score what to stratify by
         * @return the fold
         */
        DevFold stratifiedBy(FoldScore score) {
            return new DevFold(fold, folds, score);
        }

        @Override
        public String toString() {
            return fold + "/" + folds;
        }
    }
}
