package io.brainseg.data;

import io.brainseg.core.batch.SliceId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the kaggle_3m folder and its patients. Structure only: no TIFF is opened here. Every
 * structural problem is collected, so one exception reports them all.
 */
final class KaggleLayout {

    private static final Logger LOG = LoggerFactory.getLogger(KaggleLayout.class);

    /** A patient folder: {@code TCGA_<inst>_<id>_<date>}. */
    static final Pattern PATIENT = Pattern.compile("TCGA_[A-Za-z0-9]+_[A-Za-z0-9]+_\\d{8}");

    private static final Pattern SLICE = Pattern.compile("(.+)_(\\d+)(_mask)?\\.tiff?", Pattern.CASE_INSENSITIVE);

    /** Folder names under which Kaggle's zip holds kaggle_3m, in order of preference. */
    static final String[] ROOT_CANDIDATES = {"kaggle_3m", "lgg-mri-segmentation/kaggle_3m"};

    private KaggleLayout() {}

    /** Returns the kaggle_3m folder under {@code top} (the folder itself, or a candidate below), or null. */
    static Path findRoot(Path top) throws IOException {
        if (hasPatientFolders(top)) {
            return top;
        }
        for (String candidate : ROOT_CANDIDATES) {
            Path p = top.resolve(candidate);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean hasPatientFolders(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && PATIENT.matcher(name(p)).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<LggPatient> scan(Path root, Function<Path, String> location) throws IOException {
        List<String> problems = new ArrayList<>();
        List<LggPatient> patients = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && PATIENT.matcher(name(p)).matches()) {
                    folders.add(p);
                } else {
                    LOG.debug("ignoring {} (not a patient folder)", location.apply(p));
                }
            }
        }
        folders.sort(Comparator.comparing(KaggleLayout::name));
        if (folders.isEmpty()) {
            throw new LggDataException(location.apply(root)
                    + ": no patient folders (TCGA_<inst>_<id>_<date>) found; is it an empty folder?");
        }
        for (Path folder : folders) {
            LggPatient patient = scanPatient(folder, location, problems);
            if (patient != null) {
                patients.add(patient);
            }
        }
        if (!problems.isEmpty()) {
            throw new LggDataException("kaggle_3m dataset " + location.apply(root) + " is invalid", problems);
        }
        return patients;
    }

    private static LggPatient scanPatient(Path folder, Function<Path, String> location, List<String> problems)
            throws IOException {
        String id = name(folder);
        Map<Integer, Path> images = new TreeMap<>();
        Map<Integer, Path> masks = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                String n = name(p);
                if (Files.isDirectory(p) || !n.toLowerCase().matches(".*\\.tiff?")) {
                    LOG.debug("ignoring {} (not a TIFF)", location.apply(p));
                    continue;
                }
                Matcher m = SLICE.matcher(n);
                if (!m.matches() || !m.group(1).equals(id)) {
                    problems.add(location.apply(p) + ": unexpected file name, expected " + id + "_<n>.tif or " + id
                            + "_<n>_mask.tif");
                    continue;
                }
                int number = Integer.parseInt(m.group(2));
                if (number < 1) {
                    problems.add(location.apply(p) + ": slice number must be >= 1");
                    continue;
                }
                Path earlier = (m.group(3) == null ? images : masks).put(number, p);
                if (earlier != null) {
                    // _3.tif and _03.tif: both are slice 3; picking one would silently drop the other.
                    String a = location.apply(earlier);
                    String b = location.apply(p);
                    problems.add((a.compareTo(b) < 0 ? a + " and " + b : b + " and " + a) + ": ambiguous slice number "
                            + number + " (two files for one slice; rename or remove one)");
                }
            }
        }
        if (images.isEmpty() && masks.isEmpty()) {
            problems.add(location.apply(folder) + ": patient folder has no slices");
            return null;
        }
        List<LggSlice> slices = new ArrayList<>();
        int before = problems.size();
        for (Map.Entry<Integer, Path> e : images.entrySet()) {
            Path mask = masks.get(e.getKey());
            if (mask == null) {
                problems.add(location.apply(e.getValue()) + ": missing mask " + id + "_" + e.getKey() + "_mask.tif");
            } else {
                slices.add(new LggSlice(new SliceId(id, e.getKey()), e.getValue(), mask));
            }
        }
        for (Map.Entry<Integer, Path> e : masks.entrySet()) {
            if (!images.containsKey(e.getKey())) {
                problems.add(location.apply(e.getValue()) + ": mask without image " + id + "_" + e.getKey() + ".tif");
            }
        }
        return problems.size() == before ? new LggPatient(id, slices) : null;
    }

    static String name(Path p) {
        Path f = p.getFileName();
        String s = f == null ? p.toString() : f.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
