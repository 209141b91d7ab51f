package io.brainseg.data;

import io.brainseg.core.batch.SliceId;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One slice of a kaggle_3m dataset as found on disk (or in the zip): its id and its two files,
 * {@code <patient>_<n>.tif} (RGB: pre-contrast, FLAIR, post-contrast) and
 * {@code <patient>_<n>_mask.tif}. Nothing is decoded yet; see {@link LggDataset#decode(LggSlice)}.
 *
 * @param id the patient and slice number
 * @param image the image TIFF
 * @param mask the mask TIFF
 */
public record LggSlice(SliceId id, Path image, Path mask) {

    /**
     * Validates the fields.
     *
     * @param id the patient and slice number
     * @param image the image TIFF
     * @param mask the mask TIFF
     */
    public LggSlice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
    }
}
