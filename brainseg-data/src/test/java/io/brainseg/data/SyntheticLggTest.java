package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticLggTest {

    @TempDir
    Path tmp;

    private static SyntheticLgg.Builder small() {
        return SyntheticLgg.builder()
                .optPatients(2)
                .optSlicesPerPatient(10)
                .optSize(48)
                .optTumourFraction(0.4)
                .optSeed(5);
    }

    @Test
    void writesKaggleLayoutWithRequestedTumourShareAndDataCsv() {
        Path root = small().build().write(tmp);
        try (LggDataset ds =
                LggDataset.builder().setPath(root).optExpectedSize(48).build()) {
            assertThat(ds.getPatients()).hasSize(2);
            assertThat(ds.getSlices()).hasSize(20);
            assertThat(ds.getClinicalRecords()).containsOnlyKeys("TCGA_SY_0001", "TCGA_SY_0002");
            SliceCache cache = SliceCache.load(ds);
            assertThat(cache.tumourShareByPatient()).containsValues(0.4, 0.4);
            // tumour slices are one contiguous run in the middle of the volume
            assertThat(ds.getPatients().get(0).slices().stream()
                            .map(s -> cache.get(s.id()))
                            .map(DecodedSlice::hasTumour))
                    .containsExactly(false, false, false, true, true, true, true, false, false, false);
        }
    }

    @Test
    void tumourIsBrightInFlairOnly() {
        Path root = small().build().write(tmp);
        try (LggDataset ds =
                LggDataset.builder().setPath(root).optExpectedSize(48).build()) {
            double[] in = new double[3];
            double[] brain = new double[3];
            long nIn = 0;
            long nBrain = 0;
            for (LggSlice slice : ds.getSlices()) {
                DecodedSlice s = ds.decode(slice);
                int plane = 48 * 48;
                for (int i = 0; i < plane; i++) {
                    boolean tumour = s.mask()[i] == 1;
                    boolean tissue = (s.image()[plane + i] & 0xFF) > 30;
                    for (int c = 0; c < 3; c++) {
                        int v = s.image()[c * plane + i] & 0xFF;
                        if (tumour) {
                            in[c] += v;
                        } else if (tissue) {
                            brain[c] += v;
                        }
                    }
                    nIn += tumour ? 1 : 0;
                    nBrain += !tumour && tissue ? 1 : 0;
                }
            }
            double flairContrast = in[1] / nIn - brain[1] / nBrain;
            assertThat(flairContrast).isGreaterThan(80);
            assertThat(in[0] / nIn - brain[0] / nBrain).isLessThan(flairContrast / 3);
            assertThat(in[2] / nIn - brain[2] / nBrain).isLessThan(flairContrast / 3);
        }
    }

    @Test
    void aFlairThresholdAloneSegmentsTheTumourAt64x64() {
        // The loader's consumers train a small UNet on this data and need validation Dice > 0.7:
        // one intensity threshold on FLAIR (channel 1) must already do far better.
        Path root = SyntheticLgg.builder()
                .optPatients(3)
                .optSlicesPerPatient(10)
                .optSize(64)
                .optSeed(11)
                .build()
                .write(tmp);
        long overlap = 0;
        long predicted = 0;
        long truth = 0;
        try (LggDataset ds =
                LggDataset.builder().setPath(root).optExpectedSize(64).build()) {
            for (LggSlice slice : ds.getSlices()) {
                DecodedSlice s = ds.decode(slice);
                int plane = 64 * 64;
                for (int i = 0; i < plane; i++) {
                    boolean p = (s.image()[plane + i] & 0xFF) > 150;
                    boolean t = s.mask()[i] == 1;
                    overlap += p && t ? 1 : 0;
                    predicted += p ? 1 : 0;
                    truth += t ? 1 : 0;
                }
            }
        }
        assertThat(truth).isPositive();
        assertThat(2.0 * overlap / (predicted + truth)).isGreaterThan(0.95);
    }

    @Test
    void sameSettingsWriteSameBytesAndSeedsDiffer() throws IOException {
        Path a = small().build().write(tmp.resolve("a"));
        Path b = small().build().write(tmp.resolve("b"));
        Path c = small().optSeed(6).build().write(tmp.resolve("c"));
        String f = SyntheticLgg.patientId(1) + "/" + SyntheticLgg.patientId(1) + "_5.tif";
        assertThat(Files.readAllBytes(a.resolve(f))).isEqualTo(Files.readAllBytes(b.resolve(f)));
        assertThat(Files.readAllBytes(a.resolve(f))).isNotEqualTo(Files.readAllBytes(c.resolve(f)));
    }

    @ParameterizedTest
    @EnumSource(TiffCompression.class)
    void everyCompressionDecodesToTheSamePixels(TiffCompression compression) {
        Path plain = small().build().write(tmp.resolve("plain"));
        Path packed = small().optCompression(compression).build().write(tmp.resolve("packed"));
        try (LggDataset p =
                        LggDataset.builder().setPath(plain).optExpectedSize(48).build();
                LggDataset q =
                        LggDataset.builder().setPath(packed).optExpectedSize(48).build()) {
            for (int i = 0; i < p.getSlices().size(); i += 3) {
                DecodedSlice x = p.decode(p.getSlices().get(i));
                DecodedSlice y = q.decode(q.getSlices().get(i));
                assertThat(y.image()).isEqualTo(x.image());
                assertThat(y.mask()).isEqualTo(x.mask());
            }
        }
    }

    @Test
    void builderRejectsBadSettings() {
        assertThatThrownBy(() -> SyntheticLgg.builder().optPatients(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patients")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> SyntheticLgg.builder().optTumourFraction(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tumourFraction");
        assertThatThrownBy(() -> SyntheticLgg.builder().optSize(8).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size");
    }
}
