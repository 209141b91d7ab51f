package io.brainseg.data;

import java.util.List;
import java.util.Objects;

/**
 * One patient folder of a kaggle_3m dataset, {@code TCGA_<inst>_<id>_<date>}, with its slices in
 * natural order of slice number ({@code _2} before {@code _10}).
 *
 * @param id the folder name, for example {@code TCGA_CS_4941_19960909}
 * @param slices the slices, sorted by slice number, never empty
 */
public record LggPatient(String id, List<LggSlice> slices) {

    /**
     * Validates and copies the fields.
     *
     * @param id the folder name, for example {@code TCGA_CS_4941_19960909}
     * @param slices the slices, sorted by slice number, never empty
     */
    public LggPatient {
        Objects.requireNonNull(id, "id");
        slices = List.copyOf(slices);
    }

    /**
     * Returns the TCGA case id, the folder name without its date, which is the key of
     * {@code data.csv} (for example {@code TCGA_CS_4941}).
     *
     * @return the case id
     */
    public String caseId() {
        return id.substring(0, id.lastIndexOf('_'));
    }
}
