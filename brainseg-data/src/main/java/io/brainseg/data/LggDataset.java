package io.brainseg.data;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kaggle LGG dataset ({@code kaggle_3m}), opened as a folder or read in place from Kaggle's
 * zip (never extracted). Patients come from the folder names {@code TCGA_<inst>_<id>_<date>} (sorted
 * by name), slices in natural order of their number, each image paired with its {@code _mask}.
 * {@code README.md}, {@code data.csv} and other entries that are not patient folders are ignored
 * by the scan; {@code data.csv}, when present, is read into {@link ClinicalRecord}s.
 *
 * <pre>{@code
 * try (LggDataset ds = LggDataset.open(Path.of("lgg-mri-segmentation.zip"))) {
 *     DecodedSlice s = ds.decode(ds.getSlices().get(0));   // image 3×256×256, mask 1×256×256
 * }
 * }</pre>
 *
 * <p><b>When input is checked.</b> Opening checks the structure and reports every structural
 * problem in one {@link LggDataException} (missing mask, mask without image, unexpected file names,
 * patient folders without slices, empty folder, zip without kaggle_3m). Decoding checks the content
 * of one slice (corrupt or truncated TIFF, not 8-bit, image not {@code size×size} or not RGB, mask
 * not matching its image, mask values other than 0 and 255, and for a zip an entry whose CRC-32 or
 * size does not match the archive's record) and throws for that slice only: the dataset stays open
 * and every other slice still decodes; {@link #findBadSlices()} and {@link SliceCache#load} report
 * every bad slice at once. Two files for one slice number ({@code _3.tif} and {@code _03.tif}) fail
 * opening, naming both. A bad {@code data.csv} is logged, never fatal ({@link #getClinicalProblems()}). Every message names the file (for a zip,
 * {@code archive.zip!/kaggle_3m/...}) and the problem, and keeps the reader's exception as cause.
 *
 * <p>Thread-safe after opening: slices may be decoded from several threads. Close it to release
 * the zip.
 */
public final class LggDataset implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LggDataset.class);

    /** The slice size of the Kaggle dataset, 256×256. */
    public static final int DEFAULT_SIZE = 256;

    private final Path source;
    private final FileSystem zip;
    private final Path root;
    private final int expectedSize;
    private final List<LggPatient> patients;
    private final Map<String, LggPatient> byId = new LinkedHashMap<>();
    private final List<LggSlice> slices = new ArrayList<>();
    private final Map<String, ClinicalRecord> clinical;
    private final List<String> clinicalProblems;

    private LggDataset(Builder b) {
        this.source = b.path.toAbsolutePath().normalize();
        this.expectedSize = b.expectedSize;
        if (!Files.exists(source)) {
            throw new LggDataException(source + ": no such file or folder");
        }
        FileSystem fs = null;
        try {
            Path top;
            if (Files.isDirectory(source)) {
                top = source;
            } else {
                try {
                    fs = FileSystems.newFileSystem(source, (ClassLoader) null);
                } catch (IOException | RuntimeException | java.util.zip.ZipError e) {
                    throw new LggDataException(source + ": neither a folder nor a readable zip (" + e + ")", e);
                }
                top = fs.getPath("/");
            }
            this.zip = fs;
            Path found = KaggleLayout.findRoot(top);
            if (found == null) {
                throw new LggDataException(
                        fs != null
                                ? source
                                        + ": zip without kaggle_3m (looked for kaggle_3m/ and lgg-mri-segmentation/kaggle_3m/ at its top)"
                                : source
                                        + ": no patient folders (TCGA_<inst>_<id>_<date>) and no kaggle_3m folder; is it an empty folder?");
            }
            this.root = found;
            this.patients = List.copyOf(KaggleLayout.scan(root, this::location));
            Path csv = root.resolve("data.csv");
            Map<String, ClinicalRecord> records = Map.of();
            List<String> csvProblems = List.of();
            if (Files.isRegularFile(csv)) {
                try {
                    records = Collections.unmodifiableMap(
                            ClinicalCsv.parse(readBytes(csv, location(csv)), location(csv)));
                } catch (LggDataException e) {
                    // Training and prediction never need data.csv: a bad one is reported, not fatal.
                    csvProblems = e.getProblems();
                    LOG.warn("ignoring the clinical file (training does not need it): {}", e.getMessage());
                }
            }
            this.clinical = records;
            this.clinicalProblems = csvProblems;
        } catch (IOException | java.util.zip.ZipError e) {
            closeQuietly(fs);
            throw new LggDataException(source + ": cannot list (" + e + ")", e);
        } catch (LggDataException e) {
            closeQuietly(fs);
            throw e;
        } catch (RuntimeException e) {
            // A damaged zip can make the zip file system fail in unchecked ways while listing.
            closeQuietly(fs);
            throw new LggDataException(source + ": cannot list (" + e + ")", e);
        }
        for (LggPatient p : patients) {
            byId.put(p.id(), p);
            slices.addAll(p.slices());
        }
        LOG.info(
                "opened {}: {} patients, {} slices, {} clinical records",
                location(root),
                patients.size(),
                slices.size(),
                clinical.size());
    }

    /**
     * Opens a kaggle_3m folder (or a folder holding {@code kaggle_3m/}) or Kaggle's zip, expecting
     * 256×256 slices.
     *
     * @param path the folder or zip
     * @return the opened dataset; close it
     * @throws LggDataException if the path is missing, holds no kaggle_3m, or its structure is invalid
     */
    public static LggDataset open(Path path) {
        return builder().setPath(path).build();
    }

    /**
     * Returns a builder, for options such as a smaller expected slice size.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the patients, sorted by id.
     *
     * @return the patients
     */
    public List<LggPatient> getPatients() {
        return patients;
    }

    /**
     * Returns the patient ids, sorted.
     *
     * @return the ids
     */
    public List<String> getPatientIds() {
        return patients.stream().map(LggPatient::id).toList();
    }

    /**
     * Returns one patient.
     *
     * @param id the patient folder name
     * @return the patient
     * @throws IllegalArgumentException if there is no such patient
     */
    public LggPatient getPatient(String id) {
        LggPatient p = byId.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no patient '" + id + "' in " + location(root));
        }
        return p;
    }

    /**
     * Returns every slice, patient after patient, each patient's in natural order.
     *
     * @return the slices
     */
    public List<LggSlice> getSlices() {
        return Collections.unmodifiableList(slices);
    }

    /**
     * Returns the rows of {@code data.csv} keyed by TCGA case id ({@code TCGA_CS_4941}); empty when
     * the dataset has no {@code data.csv}.
     *
     * @return the clinical records
     */
    public Map<String, ClinicalRecord> getClinicalRecords() {
        return clinical;
    }

    /**
     * Returns what was wrong with {@code data.csv}, each problem naming its line; empty when the
     * file is absent or valid. A bad clinical file never fails {@link #open} (neither training
     * nor prediction reads it): it is logged as a warning and {@link #getClinicalRecords()} is empty.
     *
     * @return the problems of {@code data.csv}
     */
    public List<String> getClinicalProblems() {
        return clinicalProblems;
    }

    /**
     * Decodes every slice and reports every one that fails, instead of stopping at the first: the
     * pass to run once on a new dataset (the CLI's {@code check} command, and {@link SliceCache#load}).
     *
     * @return one problem per bad slice (each naming its file), in slice order; empty if all decode
     */
    public List<String> findBadSlices() {
        List<String> problems = new ArrayList<>();
        for (LggSlice s : slices) {
            try {
                decode(s);
            } catch (LggDataException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /**
     * Returns the {@code data.csv} row of one patient.
     *
     * @param patientId a patient folder name or a TCGA case id
     * @return the record, if {@code data.csv} has one
     */
    public Optional<ClinicalRecord> getClinical(String patientId) {
        ClinicalRecord r = clinical.get(patientId);
        if (r == null && KaggleLayout.PATIENT.matcher(patientId).matches()) {
            r = clinical.get(patientId.substring(0, patientId.lastIndexOf('_')));
        }
        return Optional.ofNullable(r);
    }

    /**
     * Returns the expected slice height and width.
     *
     * @return the size, 256 unless set otherwise
     */
    public int getExpectedSize() {
        return expectedSize;
    }

    /**
     * Returns the kaggle_3m folder (inside the zip's file system for a zip).
     *
     * @return the root folder
     */
    public Path getRoot() {
        return root;
    }

    /**
     * Returns the folder or zip this dataset was opened from.
     *
     * @return the source path
     */
    public Path getSource() {
        return source;
    }

    /**
     * Decodes one slice to channel-first uint8: image {@code 3×H×W}, mask {@code 1×H×W} in {0, 1}.
     *
     * @param slice a slice of this dataset
     * @return the decoded slice
     * @throws LggDataException naming the file if a TIFF is corrupt or truncated, not 8-bit, the
     *     image is not RGB or not of the expected size, the mask has more than one channel or
     *     another size than its image, or the mask holds a value other than 0 and 255
     */
    public DecodedSlice decode(LggSlice slice) {
        String imageLoc = location(slice.image());
        String maskLoc = location(slice.mask());
        PlanarImage image = TiffIO.read(readBytes(slice.image(), imageLoc), imageLoc);
        if (image.bands() != DecodedSlice.CHANNELS) {
            throw new LggDataException(
                    imageLoc + ": expected 3 channels (pre-contrast, FLAIR, post-contrast), got " + image.bands());
        }
        if (image.height() != expectedSize || image.width() != expectedSize) {
            throw new LggDataException(imageLoc + ": image is " + image.width() + "x" + image.height() + ", expected "
                    + expectedSize + "x" + expectedSize);
        }
        PlanarImage mask = TiffIO.read(readBytes(slice.mask(), maskLoc), maskLoc);
        if (mask.bands() != 1) {
            throw new LggDataException(maskLoc + ": expected a single-channel mask, got " + mask.bands() + " channels");
        }
        if (mask.height() != image.height() || mask.width() != image.width()) {
            throw new LggDataException(maskLoc + ": mask is " + mask.width() + "x" + mask.height()
                    + " but its image is " + image.width() + "x" + image.height());
        }
        byte[] m = mask.planes();
        for (int i = 0; i < m.length; i++) {
            int v = m[i] & 0xFF;
            if (v == 255) {
                m[i] = 1;
            } else if (v != 0) {
                throw new LggDataException(maskLoc + ": mask value " + v + " at (y=" + i / mask.width() + ", x="
                        + i % mask.width() + "); masks must hold only 0 and 255");
            }
        }
        return new DecodedSlice(slice.id(), image.height(), image.width(), image.planes(), m);
    }

    /**
     * Names a file of this dataset for messages: its path, prefixed by the zip for a zip
     * ({@code /data/lgg.zip!/kaggle_3m/TCGA_.../x.tif}).
     *
     * @param file a path of this dataset
     * @return the printable location
     */
    public String location(Path file) {
        return zip == null ? file.toString() : source + "!" + file;
    }

    /** Closes the zip, if any; slices can no longer be decoded afterwards. */
    @Override
    public void close() {
        closeQuietly(zip);
    }

    @Override
    public String toString() {
        return "LggDataset{" + location(root) + ", " + patients.size() + " patients, " + slices.size() + " slices}";
    }

    private byte[] readBytes(Path file, String location) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException | java.util.zip.ZipError e) {
            throw new LggDataException(location + ": cannot read (" + e + ")", e);
        }
        if (zip != null) {
            ZipEntries.verify(file, bytes, location);
        }
        return bytes;
    }

    private static void closeQuietly(FileSystem fs) {
        if (fs != null) {
            try {
                fs.close();
            } catch (IOException e) {
                LOG.warn("closing zip {} failed", fs, e);
            }
        }
    }

    /** Options for {@link LggDataset}. */
    public static final class Builder {

        private Path path;
        private int expectedSize = DEFAULT_SIZE;

        private Builder() {}

        /**
         * Sets the kaggle_3m folder, a folder holding it, or Kaggle's zip (required).
         *
         * @param path the folder or zip
         * @return this builder
         */
        public Builder setPath(Path path) {
            this.path = path;
            return this;
        }

        /**
         * Sets the slice height and width that decoding enforces (default 256, the Kaggle size;
         * smaller synthetic datasets use for example 64).
         *
         * @param size the expected size, at least 1
         * @return this builder
         */
        public Builder optExpectedSize(int size) {
            this.expectedSize = size;
            return this;
        }

        /**
         * Opens the dataset.
         *
         * @return the dataset; close it
         * @throws IllegalArgumentException if a setting is missing or invalid
         * @throws LggDataException if the data is missing or its structure is invalid
         */
        public LggDataset build() {
            if (path == null) {
                throw new IllegalArgumentException("path must be set (setPath), got null");
            }
            if (expectedSize < 1) {
                throw new IllegalArgumentException("expectedSize must be >= 1, got " + expectedSize);
            }
            return new LggDataset(this);
        }
    }
}
