package io.brainseg.data;

import io.brainseg.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a small synthetic dataset in the kaggle_3m layout (patient folders of real RGB and mask
 * TIFF files, plus a {@code data.csv}), so examples and tests run anywhere without downloads.
 *
 * <p>Each slice is a seeded phantom: a dark background, an elliptic head whose size follows the
 * slice's position in the volume, a skull ring (bright in the pre- and post-contrast channels), and
 * a smoothly textured brain. Tumour slices form one contiguous run in the middle of each patient's
 * volume and carry one irregular blob that is bright in the FLAIR channel (index 1, about 200 against
 * a brain around 85) and only slightly brighter in the others, with the blob as the mask (255).
 * The contrast is strong on purpose: a small UNet learns it in a few epochs at 64×64.
 *
 * <pre>{@code
 * Path root = SyntheticLgg.builder().optPatients(8).optSlicesPerPatient(10).optSize(64)
 *         .optSeed(7).build().write(workDir);   // workDir/kaggle_3m
 * LggDataset ds = LggDataset.builder().setPath(root).optExpectedSize(64).build();
 * }</pre>
 *
 * <p>The same settings always write the same bytes.
 */
public final class SyntheticLgg {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticLgg.class);

    private final int patients;
    private final int slicesPerPatient;
    private final int size;
    private final double tumourFraction;
    private final long seed;
    private final TiffCompression compression;

    private SyntheticLgg(Builder b) {
        this.patients = b.patients;
        this.slicesPerPatient = b.slicesPerPatient;
        this.size = b.size;
        this.tumourFraction = b.tumourFraction;
        this.seed = b.seed;
        this.compression = b.compression;
    }

    /**
     * Returns a builder with the defaults: 6 patients, 12 slices each, 256×256, half the slices
     * with tumour, seed 42, uncompressed.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the id of the {@code index}-th synthetic patient (0-based), for example
     * {@code TCGA_SY_0001_20000101}.
     *
     * @param index the patient index
     * @return the patient folder name
     */
    public static String patientId(int index) {
        return String.format("TCGA_SY_%04d_200001%02d", index + 1, index % 28 + 1);
    }

    /**
     * Writes the dataset into {@code dir/kaggle_3m}, replacing files of the same name.
     *
     * @param dir the folder to write into (created if needed)
     * @return the kaggle_3m folder, ready for {@link LggDataset#builder()} with
     *     {@code optExpectedSize(size)}
     * @throws UncheckedIOException if writing fails
     */
    public Path write(Path dir) {
        Path root = dir.resolve("kaggle_3m");
        try {
            Files.createDirectories(root);
            StringBuilder csv = new StringBuilder("Patient");
            for (String c : ClinicalRecord.COLUMNS) {
                csv.append(',').append(c);
            }
            csv.append('\n');
            for (int p = 0; p < patients; p++) {
                String id = patientId(p);
                Path folder = root.resolve(id);
                Files.createDirectories(folder);
                Random rnd = new Random(seed * 1_000_003L + p);
                writePatient(folder, id, rnd);
                csv.append(id, 0, id.lastIndexOf('_'));
                for (int c = 0; c < ClinicalRecord.COLUMNS.length; c++) {
                    csv.append(',').append(c == 13 ? 20 + rnd.nextInt(60) : 1 + rnd.nextInt(3));
                }
                csv.append('\n');
            }
            AtomicFiles.writeString(root.resolve("data.csv"), csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write synthetic dataset under " + dir, e);
        }
        LOG.info(
                "wrote synthetic kaggle_3m: {} patients x {} slices of {}x{} to {}",
                patients,
                slicesPerPatient,
                size,
                size,
                root);
        return root;
    }

    private void writePatient(Path folder, String id, Random rnd) throws IOException {
        int tumourSlices = (int) Math.round(tumourFraction * slicesPerPatient);
        int firstTumour = (slicesPerPatient - tumourSlices) / 2;
        PhantomPainter painter = new PhantomPainter(size, rnd);
        for (int s = 0; s < slicesPerPatient; s++) {
            double z = slicesPerPatient == 1 ? 0.5 : (double) s / (slicesPerPatient - 1);
            boolean tumour = s >= firstTumour && s < firstTumour + tumourSlices;
            // Tumour size peaks mid-run, as a blob seen through successive slices.
            double t = tumourSlices <= 1 ? 1 : 1 - Math.abs(2.0 * (s - firstTumour) / (tumourSlices - 1) - 1);
            PlanarImage[] pair = painter.paint(z, tumour ? 0.6 + 0.4 * t : 0);
            TiffIO.write(pair[0], folder.resolve(id + "_" + (s + 1) + ".tif"), compression);
            TiffIO.write(pair[1], folder.resolve(id + "_" + (s + 1) + "_mask.tif"), compression);
        }
    }

    /** Options for {@link SyntheticLgg}. */
    public static final class Builder {

        private int patients = 6;
        private int slicesPerPatient = 12;
        private int size = LggDataset.DEFAULT_SIZE;
        private double tumourFraction = 0.5;
        private long seed = 42;
        private TiffCompression compression = TiffCompression.NONE;

        private Builder() {}

        /**
         * Sets the number of patients (default 6).
         *
         * @param patients at least 1
         * @return this builder
         */
        public Builder optPatients(int patients) {
            this.patients = patients;
            return this;
        }

        /**
         * Sets the number of slices per patient (default 12).
         *
         * @param slices at least 1
         * @return this builder
         */
        public Builder optSlicesPerPatient(int slices) {
            this.slicesPerPatient = slices;
            return this;
        }

        /**
         * Sets the slice height and width (default 256).
         *
         * @param size at least 16
         * @return this builder
         */
        public Builder optSize(int size) {
            this.size = size;
            return this;
        }

        /**
         * Sets the share of each patient's slices that show tumour (default 0.5).
         *
         * @param fraction in [0, 1]
         * @return this builder
         */
        public Builder optTumourFraction(double fraction) {
            this.tumourFraction = fraction;
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
         * Sets the TIFF compression (default none, as Kaggle's files).
         *
         * @param compression the compression
         * @return this builder
         */
        public Builder optCompression(TiffCompression compression) {
            this.compression = compression;
            return this;
        }

        /**
         * Validates the settings.
         *
         * @return the generator
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public SyntheticLgg build() {
            if (patients < 1) {
                throw new IllegalArgumentException("patients must be >= 1, got " + patients);
            }
            if (slicesPerPatient < 1) {
                throw new IllegalArgumentException("slicesPerPatient must be >= 1, got " + slicesPerPatient);
            }
            if (size < 16) {
                throw new IllegalArgumentException("size must be >= 16, got " + size);
            }
            if (!(tumourFraction >= 0 && tumourFraction <= 1)) {
                throw new IllegalArgumentException("tumourFraction must be in [0, 1], got " + tumourFraction);
            }
            if (compression == null) {
                throw new IllegalArgumentException("compression must not be null");
            }
            return new SyntheticLgg(this);
        }
    }
}
