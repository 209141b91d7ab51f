package io.brainseg.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A split of patients (never of slices) into training, validation and test sets; no patient is in
 * two sets, so no slice of a patient leaks between them.
 *
 * <p>Three ways to make one:
 * <ul>
 *   <li>{@link #builder()}: a seeded random split by fractions, optionally stratified by a per-patient
 *       score (the share of slices with tumour, {@link SliceCache#tumourShareByPatient()}) so each
 *       set gets a similar share. The split depends only on the patients, fractions, scores and seed.
 *   <li>{@link #of}: explicit lists.
 *   <li>{@link #readMarkdown}: a file listing patients as bullets under {@code ## Validation patients},
 *       {@code ## Training patients} and {@code ## Test patients} headings (the format of the
 *       project's {@code SPLIT.md}); a missing training section means "every other patient".
 * </ul>
 * Sets keep the patients in sorted order.
 */
public final class PatientSplit {

    private static final Logger LOG = LoggerFactory.getLogger(PatientSplit.class);

    /** Name of the training set. */
    public static final String TRAIN = "train";
    /** Name of the validation set. */
    public static final String VALIDATION = "validation";
    /** Name of the test set. */
    public static final String TEST = "test";

    private final Map<String, List<String>> sets = new LinkedHashMap<>();

    private PatientSplit(Collection<String> train, Collection<String> validation, Collection<String> test) {
        Map<String, String> owner = new HashMap<>();
        put(TRAIN, train, owner);
        put(VALIDATION, validation, owner);
        put(TEST, test, owner);
    }

    private void put(String name, Collection<String> patients, Map<String, String> owner) {
        List<String> sorted = new ArrayList<>(new LinkedHashSet<>(patients));
        Collections.sort(sorted);
        for (String p : sorted) {
            String previous = owner.putIfAbsent(p, name);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "patient " + p + " is in both the " + previous + " and the " + name + " set");
            }
        }
        sets.put(name, List.copyOf(sorted));
    }

    /**
     * Makes a split from explicit lists.
     *
     * @param train the training patients
     * @param validation the validation patients
     * @param test the test patients (may be empty)
     * @return the split
     * @throws IllegalArgumentException if a patient is in two lists
     */
    public static PatientSplit of(Collection<String> train, Collection<String> validation, Collection<String> test) {
        return new PatientSplit(train, validation, test);
    }

    /**
     * Reads a split from a Markdown file such as {@code SPLIT.md}: bullets ({@code - id} or {@code * id},
     * the first word counts) under headings starting with {@code ## Validation patients},
     * {@code ## Training patients} or {@code ## Test patients}; other text is ignored.
     *
     * @param file the Markdown file
     * @param allPatients the dataset's patients: every listed patient must be one of them, and when
     *     the file has no training section the training set is every patient not listed elsewhere
     * @return the split
     * @throws LggDataException naming the file if it cannot be read, lists no validation patient,
     *     lists a patient twice or lists one that is not in {@code allPatients}
     */
    public static PatientSplit readMarkdown(Path file, Collection<String> allPatients) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LggDataException(file + ": cannot read split file (" + e + ")", e);
        }
        return parseMarkdown(text, file.toString(), allPatients);
    }

    /**
     * Parses the Markdown split format of {@link #readMarkdown}.
     *
     * @param text the Markdown text
     * @param location the file name for error messages
     * @param allPatients the dataset's patients
     * @return the split
     * @throws LggDataException naming {@code location} on bad content
     */
    public static PatientSplit parseMarkdown(String text, String location, Collection<String> allPatients) {
        Map<String, List<String>> listed = new LinkedHashMap<>();
        String current = null;
        String[] lines = text.split("\\R");
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].strip();
            if (line.startsWith("#")) {
                String h = line.replaceFirst("^#+", "").strip().toLowerCase(Locale.ROOT);
                current = h.startsWith("validation patients")
                        ? VALIDATION
                        : h.startsWith("training patients") ? TRAIN : h.startsWith("test patients") ? TEST : null;
                if (current != null) {
                    listed.putIfAbsent(current, new ArrayList<>());
                }
            } else if (current != null && (line.startsWith("- ") || line.startsWith("* "))) {
                String id = line.substring(2).strip().split("\\s+")[0].replace("`", "");
                if (!allPatients.contains(id)) {
                    throw new LggDataException(
                            location + ": line " + (ln + 1) + " names patient " + id + ", which is not in the dataset");
                }
                listed.get(current).add(id);
            }
        }
        if (listed.getOrDefault(VALIDATION, List.of()).isEmpty()) {
            throw new LggDataException(location + ": no patient listed under a '## Validation patients' heading");
        }
        List<String> validation = listed.get(VALIDATION);
        List<String> test = listed.getOrDefault(TEST, List.of());
        List<String> train = listed.get(TRAIN);
        if (train == null) {
            Set<String> others = new LinkedHashSet<>(allPatients);
            validation.forEach(others::remove);
            test.forEach(others::remove);
            train = new ArrayList<>(others);
        }
        try {
            PatientSplit split = new PatientSplit(train, validation, test);
            int unlisted = allPatients.size() - split.getTrain().size() - validation.size() - test.size();
            if (unlisted > 0) {
                LOG.warn("{}: {} patients of the dataset are in no set", location, unlisted);
            }
            return split;
        } catch (IllegalArgumentException e) {
            throw new LggDataException(location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns a builder for a seeded split by fractions.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the training patients, sorted.
     *
     * @return the training set
     */
    public List<String> getTrain() {
        return sets.get(TRAIN);
    }

    /**
     * Returns the validation patients, sorted.
     *
     * @return the validation set
     */
    public List<String> getValidation() {
        return sets.get(VALIDATION);
    }

    /**
     * Returns the test patients, sorted (empty unless asked for).
     *
     * @return the test set
     */
    public List<String> getTest() {
        return sets.get(TEST);
    }

    /**
     * Returns the sets by name ({@link #TRAIN}, {@link #VALIDATION}, {@link #TEST}, in that order).
     *
     * @return an unmodifiable map of set name to patients
     */
    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(sets);
    }

    /**
     * Keeps the slices of one set's patients, in their order.
     *
     * @param slices the slices (of a dataset or cache)
     * @param set {@link #TRAIN}, {@link #VALIDATION} or {@link #TEST}
     * @param patientOf the patient id of a slice
     * @param <T> the slice type
     * @return the slices of that set
     * @throws IllegalArgumentException for an unknown set name
     */
    public <T> List<T> select(List<T> slices, String set, Function<T, String> patientOf) {
        List<String> patients = sets.get(set);
        if (patients == null) {
            throw new IllegalArgumentException("set must be one of " + sets.keySet() + ", got '" + set + "'");
        }
        Set<String> keep = Set.copyOf(patients);
        Predicate<T> in = s -> keep.contains(patientOf.apply(s));
        return slices.stream().filter(in).toList();
    }

    /**
     * Writes the split in the Markdown format {@link #readMarkdown} reads, with every set listed
     * (an empty set as a heading without bullets), so that the file read back against the same
     * patients gives an equal split.
     *
     * @param title the first heading, for example the command that made the split
     * @return the Markdown text
     */
    public String toMarkdown(String title) {
        StringBuilder b = new StringBuilder("# ").append(title).append("\n");
        appendSection(b, "Validation patients", getValidation());
        appendSection(b, "Training patients", getTrain());
        appendSection(b, "Test patients", getTest());
        return b.toString();
    }

    private static void appendSection(StringBuilder b, String heading, List<String> patients) {
        b.append("\n## ").append(heading).append(" (").append(patients.size()).append(")\n\n");
        patients.forEach(p -> b.append("- ").append(p).append('\n'));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatientSplit other && sets.equals(other.sets);
    }

    @Override
    public int hashCode() {
        return sets.hashCode();
    }

    @Override
    public String toString() {
        return "PatientSplit{train=" + getTrain().size() + ", validation="
                + getValidation().size() + ", test=" + getTest().size() + " patients}";
    }

    /** Options for a seeded split by fractions. */
    public static final class Builder {

        private Collection<String> patients;
        private double train = 0.8;
        private double validation = 0.2;
        private double test = 0;
        private long seed = 42;
        private Map<String, Double> scores;

        private Builder() {}

        /**
         * Sets the patients to split (required).
         *
         * @param patients the patient ids, for example {@link LggDataset#getPatientIds()}
         * @return this builder
         */
        public Builder setPatients(Collection<String> patients) {
            this.patients = patients;
            return this;
        }

        /**
         * Sets the fractions of patients per set (default 0.8 / 0.2 / 0). Each set gets
         * {@code round(fraction·n)} patients (at least one if its fraction is positive), training
         * the rest.
         *
         * @param train training fraction
         * @param validation validation fraction
         * @param test test fraction
         * @return this builder
         */
        public Builder optFractions(double train, double validation, double test) {
            this.train = train;
            this.validation = validation;
            this.test = test;
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
         * Stratifies by a per-patient score, typically the share of slices with tumour: patients
         * are sorted by score, cut into strata of about {@code 1/min(fraction)} patients, shuffled
         * within each stratum and dealt to the sets in proportion, so each set spans the score range.
         *
         * @param scoreByPatient a score for every patient
         * @return this builder
         */
        public Builder optStratifyBy(Map<String, Double> scoreByPatient) {
            this.scores = scoreByPatient;
            return this;
        }

        /**
         * Makes the split.
         *
         * @return the split
         * @throws IllegalArgumentException naming the setting if patients are missing, a fraction is
         *     negative, the fractions do not sum to 1, or a patient has no score
         */
        public PatientSplit build() {
            if (patients == null || patients.isEmpty()) {
                throw new IllegalArgumentException("patients must be set (setPatients) and not empty, got " + patients);
            }
            if (train < 0 || validation < 0 || test < 0 || Math.abs(train + validation + test - 1) > 1e-6) {
                throw new IllegalArgumentException("fractions must be >= 0 and sum to 1, got train=" + train
                        + ", validation=" + validation + ", test=" + test);
            }
            List<String> ids = new ArrayList<>(new LinkedHashSet<>(patients));
            Collections.sort(ids);
            int n = ids.size();
            int nVal = count(validation, n);
            int nTest = count(test, n);
            if (nVal + nTest >= n && train > 0) {
                throw new IllegalArgumentException("fractions train=" + train + ", validation=" + validation + ", test="
                        + test + " leave no training patient among " + n);
            }
            int[] target = {n - nVal - nTest, nVal, nTest};
            Random rnd = new Random(seed);
            Collections.shuffle(ids, rnd);
            if (scores != null) {
                for (String id : ids) {
                    if (!scores.containsKey(id)) {
                        throw new IllegalArgumentException("optStratifyBy has no score for patient " + id);
                    }
                }
                ids.sort(Comparator.comparingDouble(scores::get));
                double minFraction =
                        Math.min(train > 0 ? train : 1, Math.min(validation > 0 ? validation : 1, test > 0 ? test : 1));
                int stratum = Math.max(2, (int) Math.round(1 / minFraction));
                for (int from = 0; from < n; from += stratum) {
                    Collections.shuffle(ids.subList(from, Math.min(n, from + stratum)), rnd);
                }
            }
            List<List<String>> out = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < n; i++) {
                int best = -1;
                double bestDeficit = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < 3; s++) {
                    if (out.get(s).size() >= target[s]) {
                        continue;
                    }
                    double deficit =
                            (double) target[s] * (i + 1) / n - out.get(s).size();
                    if (deficit > bestDeficit) {
                        bestDeficit = deficit;
                        best = s;
                    }
                }
                out.get(best).add(ids.get(i));
            }
            return new PatientSplit(out.get(0), out.get(1), out.get(2));
        }

        private static int count(double fraction, int n) {
            return fraction > 0 ? Math.max(1, (int) Math.round(fraction * n)) : 0;
        }
    }
}
