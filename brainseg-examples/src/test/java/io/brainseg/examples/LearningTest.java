package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.data.SyntheticLgg;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole reference pipeline learns: a small UNet segments the synthetic tumours after a few epochs
 * (144 AdamW steps; in a trial run Dice went from 0.2 to 0.82 at epoch 6 and 0.85 at epoch 8).
 */
class LearningTest {

    @TempDir
    Path tmp;

    @Test
    void smallUnetReachesValidationDiceAbove07OnSyntheticData() {
        Path data = SyntheticLgg.builder().optPatients(8).optSlicesPerPatient(12).optSize(64).optTumourFraction(0.5)
                .optSeed(3).build().write(tmp);
        String out = Cli.run(0, "train", "--data", data.toString(), "--size", "64", "--crop", "64", "--filters", "8",
                "--res-units", "1", "--dropout", "0", "--lr", "1e-2", "--cosine", "--epochs", "8", "--patience",
                "0", "--batch", "4", "--val-fraction", "0.25", "--quiet", "--out", tmp.resolve("run").toString()).out();
        assertThat(Cli.number(out, "per-slice Dice")).isGreaterThan(0.7);
    }
}
