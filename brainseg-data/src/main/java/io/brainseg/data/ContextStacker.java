package io.brainseg.data;

import io.brainseg.core.batch.SliceContext;
import io.brainseg.core.batch.SliceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the 2.5-D slices of {@link SliceCache#withContext}: each slice with its {@code K}
 * neighbours of the same patient on each side, found by slice number (never by list position, so a
 * cache in any order, or a subset, stacks the same), the edge slice repeated past a patient's first
 * and last slice.
 */
final class ContextStacker {

    private ContextStacker() {}

    /**
     * Stacks every slice.
     *
     * @param slices slices as read ({@value DecodedSlice#CHANNELS} channels), each patient's slice
     *     numbers consecutive
     * @param context K, at least 1
     * @return the stacked slices, in the order of {@code slices}; masks shared
     * @throws IllegalArgumentException if a slice is already stacked, or a patient's slice numbers
     *     have a gap (the neighbour of the slice before the gap is unknown); the message names the
     *     patient and the missing number
     */
    static List<DecodedSlice> stack(List<DecodedSlice> slices, int context) {
        Map<String, List<DecodedSlice>> byPatient = new LinkedHashMap<>();
        for (DecodedSlice s : slices) {
            if (s.channels() != DecodedSlice.CHANNELS) {
                throw new IllegalArgumentException("slice " + s.id() + " already has " + s.channels()
                        + " channels; stack slices as read (3 channels), once");
            }
            byPatient
                    .computeIfAbsent(s.id().patientId(), k -> new ArrayList<>())
                    .add(s);
        }
        Map<SliceId, DecodedSlice> stacked = new HashMap<>();
        byPatient.forEach((patient, own) -> {
            List<DecodedSlice> volume = new ArrayList<>(own);
            volume.sort(Comparator.comparingInt(s -> s.id().sliceNumber()));
            for (int i = 1; i < volume.size(); i++) {
                int before = volume.get(i - 1).id().sliceNumber();
                int after = volume.get(i).id().sliceNumber();
                if (after != before + 1) {
                    throw new IllegalArgumentException("patient " + patient + " has slices " + before + " and "
                            + after + " but not " + (before + 1) + "; stacking neighbouring slices needs each "
                            + "patient's slices numbered without gaps");
                }
            }
            List<byte[]> planes = volume.stream().map(DecodedSlice::image).toList();
            for (int i = 0; i < volume.size(); i++) {
                DecodedSlice s = volume.get(i);
                byte[] image = SliceContext.stack(planes, i, context);
                stacked.put(
                        s.id(),
                        new DecodedSlice(
                                s.id(), SliceContext.channels(context), s.height(), s.width(), image, s.mask()));
            }
        });
        return slices.stream().map(s -> stacked.get(s.id())).toList();
    }
}
