/**
 * The Kaggle LGG data layer: {@link io.brainseg.data.LggDataset} reads {@code kaggle_3m} as a folder or
 * in place from Kaggle's zip, {@link io.brainseg.data.SliceCache} holds the decoded uint8 slices in
 * memory, {@link io.brainseg.data.SliceLoader} serves them as batches (a
 * {@link io.brainseg.core.batch.BatchSource}), {@link io.brainseg.data.PatientSplit} splits by patient,
 * {@link io.brainseg.data.DatasetStats} describes a split, and {@link io.brainseg.data.SyntheticLgg}
 * writes a small dataset in the same layout for tests and demos. Bad input throws
 * {@link io.brainseg.data.LggDataException} naming the file.
 */
package io.brainseg.data;
