package io.brainseg.core.batch;

import java.util.Objects;

/**
 * Identifies one slice of one patient: the patient folder name (for example
 * {@code TCGA_CS_4941_19960909}) and the slice number taken from the file name (1-based, as in
 * {@code TCGA_CS_4941_19960909_12.tif}).
 *
 * <p>Per-patient metrics group predictions by {@link #patientId()}; the slice number orders a
 * patient's slices into a volume.
 *
 * @param patientId the patient folder name, never blank
 * @param sliceNumber the slice number from the file name, at least 1
 */
public record SliceId(String patientId, int sliceNumber) implements Comparable<SliceId> {

    /**
     * Validates the fields.
     *
     * @param patientId the patient folder name, never blank
     * @param sliceNumber the slice number from the file name, at least 1
     * @throws IllegalArgumentException if {@code patientId} is blank or {@code sliceNumber < 1}
     */
    public SliceId {
        Objects.requireNonNull(patientId, "patientId");
        if (patientId.isBlank()) {
            throw new IllegalArgumentException("patientId must not be blank");
        }
        if (sliceNumber < 1) {
            throw new IllegalArgumentException(
                    "sliceNumber must be >= 1, got " + sliceNumber + " for patient " + patientId);
        }
    }

    @Override
    public int compareTo(SliceId other) {
        int c = patientId.compareTo(other.patientId);
        return c != 0 ? c : Integer.compare(sliceNumber, other.sliceNumber);
    }

    @Override
    public String toString() {
        return patientId + "_" + sliceNumber;
    }
}
