package io.brainseg.examples;

import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import java.nio.file.Path;

/** The patient split the commands share: a validation list if given, else a seeded stratified split. */
final class Splits {

    private Splits() {}

    /**
     * Splits the dataset's patients into train and validation.
     *
     * @param dataset the dataset
     * @param cache its decoded slices (for the tumour share each patient is stratified by)
     * @param valPatients a SPLIT.md-format file of validation patients, or null
     * @param valFraction the validation share when {@code valPatients} is null
     * @param seed the split seed when {@code valPatients} is null
     * @return the split (no test set)
     */
    static PatientSplit of(LggDataset dataset, SliceCache cache, Path valPatients, double valFraction, long seed) {
        return valPatients != null
                ? PatientSplit.readMarkdown(valPatients, dataset.getPatientIds())
                : PatientSplit.builder()
                        .setPatients(dataset.getPatientIds())
                        .optFractions(1 - valFraction, valFraction, 0)
                        .optStratifyBy(cache.tumourShareByPatient())
                        .optSeed(seed)
                        .build();
    }
}
