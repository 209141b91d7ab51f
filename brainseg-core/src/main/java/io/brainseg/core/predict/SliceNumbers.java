package io.brainseg.core.predict;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that the files of a patient folder are one volume in slice order before a 2.5-D model
 * stacks neighbours by position: {@code <patient>_<n>.tif}, one patient, consecutive {@code n}.
 * Natural file-name order is slice order only under these conditions, and a neighbour taken from
 * the wrong position would silently change the input the network sees.
 *
 * <p>Used by {@link SegmentationPredictor#predictFolder} and by applications that feed
 * {@link SegmentationPredictor#predictVolume} their own lists of files.
 */
public final class SliceNumbers {

    private static final Pattern NAME = Pattern.compile("(.+)_(\\d+)\\.tiff?");

    private SliceNumbers() {}

    /**
     * Checks the files.
     *
     * @param files a folder's slice files, in the order they will be stacked
     * @throws IllegalArgumentException naming the first file without a slice number, from another
     *     patient, or after a gap
     */
    public static void requireConsecutive(List<Path> files) {
        String patient = null;
        int previous = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            Matcher m = NAME.matcher(name.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        f + ": a 2.5-D model stacks neighbouring slices, so slice files must be "
                                + "named <patient>_<n>.tif to give their slice number");
            }
            int n = Integer.parseInt(m.group(2));
            if (patient == null) {
                patient = m.group(1);
            } else if (!patient.equals(m.group(1))) {
                throw new IllegalArgumentException(f + ": belongs to another patient than "
                        + files.get(0).getFileName() + "; a 2.5-D model needs one patient's slices per folder");
            } else if (n != previous + 1) {
                throw new IllegalArgumentException(f + ": slice " + n + " follows slice " + previous
                        + "; a 2.5-D model needs each patient's slices numbered without gaps");
            }
            previous = n;
        }
    }
}
