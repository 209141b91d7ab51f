package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.brainseg.core.batch.SliceId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based tests of the readers: random truncations, bit flips and header edits of a TIFF,
 * of a kaggle_3m zip and of {@code data.csv} never crash or hang the JVM. Each try ends in
 * <ul>
 *   <li>TIFF: a decoded image, or an {@link LggDataException} naming the file (a TIFF has no
 *       checksum, so a flipped pixel byte decodes to another valid image);</li>
 *   <li>zip: slices that equal the original ones exactly (the CRC-32 catches every damaged entry),
 *       or an {@link LggDataException} naming the archive;</li>
 *   <li>CSV: records, or an {@link LggDataException} naming the file and line; a damaged
 *       {@code data.csv} never stops a dataset from opening.</li>
 * </ul>
 * Tries are bounded (a few hundred in all) to keep the suite fast and seeded so a run is
 * reproducible (change the seed to explore other cases); each try has a 20 s time limit
 * that turns a hang into a failure.
 */
class ReaderPropertiesTest {

    private static final Duration HANG = Duration.ofSeconds(20);

    private static Path dir;
    private static Path root;
    private static byte[] tiff;
    private static byte[] maskTiff;
    private static byte[] csv;
    private static final Map<Boolean, byte[]> ZIPS = new HashMap<>();
    private static Map<SliceId, DecodedSlice> original;

    @BeforeContainer
    static void writeFixtures() throws IOException {
        dir = Files.createTempDirectory("brainseg-properties");
        root = SyntheticLgg.builder()
                .optPatients(1)
                .optSlicesPerPatient(3)
                .optSize(TestData.SIZE)
                .optSeed(3)
                .build()
                .write(dir.resolve("data"));
        String id = SyntheticLgg.patientId(0);
        tiff = Files.readAllBytes(root.resolve(id).resolve(id + "_2.tif"));
        maskTiff = Files.readAllBytes(root.resolve(id).resolve(id + "_2_mask.tif"));
        csv = ("Patient,RNASeqCluster,MethylationCluster,gender,age_at_initial_pathologic,death01\n"
                        + "TCGA_SY_0001,2,4,2,67,1\nTCGA_SY_0002,1,,1,44,\nTCGA_SY_0003,NA,3,2,51,0\n")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(root.resolve("data.csv"), csv);
        for (boolean stored : new boolean[] {true, false}) {
            ZIPS.put(
                    stored,
                    Files.readAllBytes(TestData.zip(root, "kaggle_3m/", dir.resolve("z" + stored + ".zip"), stored)));
        }
        original = new HashMap<>();
        try (LggDataset ds = TestData.open(root)) {
            for (LggSlice s : ds.getSlices()) {
                original.put(s.id(), ds.decode(s));
            }
        }
    }

    @AfterContainer
    static void deleteFixtures() throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** One damage to a byte array: a truncation, a few bit flips, or overwritten header bytes. */
    record Damage(String kind, int position, int value, int count) {

        byte[] apply(byte[] in) {
            byte[] b = in.clone();
            return switch (kind) {
                case "truncate" -> Arrays.copyOf(b, Math.floorMod(position, b.length));
                case "flip" -> {
                    for (int i = 0; i < count; i++) {
                        int at = (int) Math.floorMod(position + (long) i * 7919, (long) b.length);
                        b[at] ^= (byte) (1 << ((value + i) % 8));
                    }
                    yield b;
                }
                case "header" -> {
                    // The first 256 bytes: TIFF header and IFD (or a zip's first local header).
                    for (int i = 0; i < count; i++) {
                        b[Math.floorMod(position + i, Math.min(256, b.length))] = (byte) (value + 31 * i);
                    }
                    yield b;
                }
                case "tail" -> {
                    // The last 256 bytes: a zip's central directory and end record (a TIFF's last pixels).
                    for (int i = 0; i < count; i++) {
                        b[b.length - 1 - Math.floorMod(position + i, Math.min(256, b.length))] =
                                (byte) (value + 31 * i);
                    }
                    yield b;
                }
                default -> throw new IllegalArgumentException(kind);
            };
        }
    }

    @Provide
    Arbitrary<Damage> damages() {
        return Combinators.combine(
                        Arbitraries.of("truncate", "flip", "header", "tail"),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(1, 4))
                .as(Damage::new);
    }

    @Property(tries = 150, seed = "16")
    void aDamagedTiffDecodesOrFailsNamingTheFile(@ForAll("damages") Damage damage, @ForAll boolean mask) {
        byte[] bytes = damage.apply(mask ? maskTiff : tiff);
        String name = "slice_" + damage.kind() + ".tif";
        assertTimeoutPreemptively(HANG, () -> {
            try {
                PlanarImage img = TiffIO.read(bytes, name);
                assertThat(img.planes()).hasSize(img.bands() * img.height() * img.width());
                assertThat((long) img.height() * img.width()).isBetween(1L, TiffIO.MAX_PIXELS);
            } catch (LggDataException e) {
                assertThat(e.getMessage()).startsWith(name + ": ");
            }
        });
    }

    @Property(tries = 120, seed = "16")
    void aDamagedZipGivesTheOriginalSlicesOrFailsNamingTheArchive(
            @ForAll("damages") Damage damage, @ForAll boolean stored) throws IOException {
        Path zip = Files.write(dir.resolve("damaged.zip"), damage.apply(ZIPS.get(stored)));
        assertTimeoutPreemptively(HANG, () -> {
            try (LggDataset ds = LggDataset.builder()
                    .setPath(zip)
                    .optExpectedSize(TestData.SIZE)
                    .build()) {
                for (LggSlice s : ds.getSlices()) {
                    try {
                        DecodedSlice d = ds.decode(s);
                        DecodedSlice o = original.get(d.id());
                        assertThat(o)
                                .as("slice %s exists in the original", d.id())
                                .isNotNull();
                        assertThat(d.image()).as("image of %s", d.id()).isEqualTo(o.image());
                        assertThat(d.mask()).as("mask of %s", d.id()).isEqualTo(o.mask());
                    } catch (LggDataException e) {
                        assertThat(e.getMessage()).startsWith(zip + "!/");
                    }
                }
            } catch (LggDataException e) {
                assertThat(e.getMessage()).contains(zip.toString());
            }
        });
    }

    @Property(tries = 200, seed = "16")
    void aDamagedCsvParsesOrFailsNamingFileAndLineAndNeverBlocksTheDataset(@ForAll("damages") Damage damage)
            throws IOException {
        byte[] bytes = damage.apply(csv);
        assertTimeoutPreemptively(HANG, () -> {
            try {
                Map<String, ClinicalRecord> records = ClinicalCsv.parse(bytes, "data.csv");
                assertThat(records.size()).isLessThanOrEqualTo(3);
            } catch (LggDataException e) {
                List<String> problems = e.getProblems();
                assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("data.csv: line "));
            }
        });
        Files.write(root.resolve("data.csv"), bytes);
        try (LggDataset ds = TestData.open(root)) {
            assertThat(ds.getSlices()).hasSize(3);
        } finally {
            Files.write(root.resolve("data.csv"), csv);
        }
    }
}
