package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.predict.SegmentationPredictor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aFolderGivesAMaskAndAnOverlayPerSliceMirroringSubfolders() throws Exception {
        Path out = tmp.resolve("pred");
        String printed = Cli.run(
                        0,
                        "predict",
                        "--run",
                        Cli.tinyRun().toString(),
                        "--input",
                        Cli.tinyData().toString(),
                        "--output",
                        out.toString())
                .out();
        assertThat(printed).contains("24 slices");
        List<Path> masks;
        try (Stream<Path> s = Files.walk(out)) {
            masks = s.filter(p -> p.toString().endsWith("_pred.tif")).toList();
        }
        assertThat(masks).hasSize(24);
        for (Path m : masks) {
            assertThat(out.relativize(m).getNameCount()).isEqualTo(2); // patient folder / file
            BufferedImage mask = ImageIO.read(m.toFile());
            assertThat(mask.getWidth()).isEqualTo(32);
            int[] px = mask.getRaster().getPixels(0, 0, 32, 32, (int[]) null);
            assertThat(java.util.Arrays.stream(px).filter(v -> v != 0 && v != 255))
                    .isEmpty();
            Path overlay = m.resolveSibling(m.getFileName().toString().replace("_pred.tif", "_overlay.png"));
            assertThat(ImageIO.read(overlay.toFile()).getHeight()).isEqualTo(32);
        }
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp")))
                    .isEmpty();
        }
    }

    @Test
    void oneTiffAsPng() throws Exception {
        Path slice;
        try (Stream<Path> s = Files.walk(Cli.tinyData())) {
            slice = s.filter(p -> p.toString().endsWith("_1.tif")).findFirst().orElseThrow();
        }
        Path out = tmp.resolve("one");
        String printed = Cli.run(
                        0,
                        "predict",
                        "--run",
                        Cli.tinyRun().toString(),
                        "--input",
                        slice.toString(),
                        "--output",
                        out.toString(),
                        "--format",
                        "png")
                .out();
        assertThat(Cli.number(printed, "1 slices,")).isBetween(0.0, 32.0 * 32);
        String stem = slice.getFileName().toString().replace(".tif", "");
        assertThat(out.resolve(stem + "_pred.png")).exists();
        assertThat(out.resolve(stem + "_overlay.png")).exists();
    }

    @Test
    void ttaWritesTheMaskOfTheFlipAveragingPredictor() throws Exception {
        // A slice whose mask the flips change, so that the plain mask would fail the comparison.
        Path slice = null;
        byte[] expected = null;
        try (SegmentationPredictor plain = SegmentationPredictor.load(Cli.tinyRun());
                SegmentationPredictor tta = SegmentationPredictor.builder()
                        .setCheckpoint(Cli.tinyRun())
                        .optFlipAveraging(true)
                        .build();
                Stream<Path> files = Files.walk(Cli.tinyData())) {
            for (Path f : files.filter(
                            p -> p.toString().endsWith(".tif") && !p.toString().endsWith("_mask.tif"))
                    .sorted()
                    .toList()) {
                byte[] m = tta.predict(f).getMask();
                if (!java.util.Arrays.equals(m, plain.predict(f).getMask())) {
                    slice = f;
                    expected = m;
                    break;
                }
            }
        }
        assertThat(slice).as("a slice whose mask flip averaging changes").isNotNull();
        Path out = tmp.resolve("tta");
        Cli.run(
                0,
                "predict",
                "--run",
                Cli.tinyRun().toString(),
                "--input",
                slice.toString(),
                "--output",
                out.toString(),
                "--format",
                "png",
                "--tta");
        BufferedImage written =
                ImageIO.read(out.resolve(slice.getFileName().toString().replace(".tif", "_pred.png"))
                        .toFile());
        int[] px = written.getRaster().getPixels(0, 0, 32, 32, (int[]) null);
        for (int i = 0; i < px.length; i++) {
            assertThat(px[i]).as("pixel %d", i).isEqualTo(expected[i] != 0 ? 255 : 0);
        }
    }

    @Test
    void badInputExits1AndBadFormatExits2() throws Exception {
        assertThat(Cli.run(
                                1,
                                "predict",
                                "--run",
                                Cli.tinyRun().toString(),
                                "--input",
                                tmp.resolve("x.tif").toString(),
                                "--output",
                                tmp.toString())
                        .err())
                .contains("predict: error:", "x.tif");
        assertThat(Cli.run(2, "predict", "--run", "r", "--input", "i", "--output", "o", "--format", "jpeg")
                        .err())
                .contains("--format");
    }
}
