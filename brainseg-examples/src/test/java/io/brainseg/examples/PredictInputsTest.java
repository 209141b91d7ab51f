package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.data.PlanarImage;
import io.brainseg.data.TiffCompression;
import io.brainseg.data.TiffIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code predict} checks its inputs as training checks its data: only 8-bit RGB slices are
 * segmented; anything else is named, a folder's good files are still predicted, and the command's
 * own outputs are never read back.
 */
class PredictInputsTest {

    @TempDir
    Path tmp;

    /** Writes a file of the given kind into {@code dir} and returns it. */
    private static Path badSlice(Path dir, String kind) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(kind + "_1.tif");
        switch (kind) {
            case "grey" -> TiffIO.write(new PlanarImage(1, 32, 32, new byte[32 * 32]), file, TiffCompression.NONE);
            case "rgba" -> writeImageIo(new BufferedImage(32, 32, BufferedImage.TYPE_4BYTE_ABGR), file);
            case "16bit" -> writeImageIo(new BufferedImage(32, 32, BufferedImage.TYPE_USHORT_GRAY), file);
            case "corrupt" -> Files.writeString(file, "not a TIFF");
            default -> throw new IllegalArgumentException(kind);
        }
        return file;
    }

    private static void writeImageIo(BufferedImage img, Path file) throws IOException {
        assertThat(ImageIO.write(img, "tiff", file.toFile()))
                .as("a TIFF writer for %s", file)
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"grey", "rgba", "16bit", "corrupt"})
    void aSingleFileThatIsNotAn8BitRgbSliceIsRefusedNamingIt(String kind) throws Exception {
        Path file = badSlice(tmp.resolve("in"), kind);
        Path out = tmp.resolve("out");
        Cli.Output o = Cli.run(
                1,
                "predict",
                "--run",
                Cli.tinyRun().toString(),
                "--input",
                file.toString(),
                "--output",
                out.toString());
        assertThat(o.err()).contains("predict: error:", file.toString());
        assertThat(o.err()).containsAnyOf("3 channels", "8-bit", "TIFF");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMaskGivenAsInputIsRefused() throws Exception {
        Path mask;
        try (Stream<Path> s = Files.walk(Cli.tinyData())) {
            mask = s.filter(p -> p.toString().endsWith("_1_mask.tif"))
                    .findFirst()
                    .orElseThrow();
        }
        assertThat(Cli.run(
                                1,
                                "predict",
                                "--run",
                                Cli.tinyRun().toString(),
                                "--input",
                                mask.toString(),
                                "--output",
                                tmp.resolve("out").toString())
                        .err())
                .contains(mask.toString(), "is a mask");
    }

    @Test
    void inAFolderEveryBadFileIsNamedTheGoodOnesArePredictedAndTheExitCodeSaysSomeFailed() throws Exception {
        Path in = tmp.resolve("in");
        Path good;
        try (Stream<Path> s = Files.walk(Cli.tinyData())) {
            good = s.filter(p -> p.toString().endsWith("_2.tif")).findFirst().orElseThrow();
        }
        Files.createDirectories(in);
        Files.copy(good, in.resolve("good_2.tif"));
        List<Path> bad = List.of(badSlice(in, "grey"), badSlice(in, "rgba"), badSlice(in, "16bit"));
        Path out = tmp.resolve("out");
        Cli.Output o = Cli.run(
                PredictCommand.SOME_FAILED,
                "predict",
                "--run",
                Cli.tinyRun().toString(),
                "--input",
                in.toString(),
                "--output",
                out.toString());
        assertThat(o.err()).contains("3 of 4 files were not predicted");
        bad.forEach(b -> assertThat(o.err()).contains(b.toString()));
        assertThat(o.out()).contains("1 slices");
        assertThat(out.resolve("good_2_pred.tif")).isRegularFile();
        assertThat(out.resolve("grey_1_pred.tif")).doesNotExist();
    }

    @Test
    void outputEqualToInputNeverSegmentsItsOwnMasks() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        try (Stream<Path> s = Files.walk(Cli.tinyData())) {
            for (Path p : s.filter(
                            p -> p.toString().endsWith("_3.tif") || p.toString().endsWith("_3_mask.tif"))
                    .toList()) {
                Files.copy(p, in.resolve(p.getFileName()));
            }
        }
        for (int run = 0; run < 2; run++) {
            String printed = Cli.run(
                            0,
                            "predict",
                            "--run",
                            Cli.tinyRun().toString(),
                            "--input",
                            in.toString(),
                            "--output",
                            in.toString())
                    .out();
            assertThat(printed).as("run %d", run).contains("4 slices");
        }
        try (Stream<Path> s = Files.list(in)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertThat(names)
                    .noneMatch(
                            n -> n.contains("_pred_pred") || n.contains("_pred_overlay") || n.contains("_mask_pred"));
            assertThat(names.stream().filter(n -> n.endsWith("_pred.tif"))).hasSize(4);
        }
    }

    @Test
    void aSeparateOutputFolderInsideTheInputIsNotReadBack() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        try (Stream<Path> s = Files.walk(Cli.tinyData())) {
            Path one =
                    s.filter(p -> p.toString().endsWith("_4.tif")).findFirst().orElseThrow();
            Files.copy(one, in.resolve(one.getFileName()));
        }
        Path out = in.resolve("predictions");
        Cli.run(0, "predict", "--run", Cli.tinyRun().toString(), "--input", in.toString(), "--output", out.toString());
        // A copy of an input inside the output folder, as a user might leave there: still not an input.
        Files.copy(
                Files.list(in)
                        .filter(p -> p.toString().endsWith(".tif"))
                        .findFirst()
                        .orElseThrow(),
                out.resolve("copy_9.tif"));
        assertThat(Cli.run(
                                0,
                                "predict",
                                "--run",
                                Cli.tinyRun().toString(),
                                "--input",
                                in.toString(),
                                "--output",
                                out.toString())
                        .out())
                .contains("1 slices");
    }
}
