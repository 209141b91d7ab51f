package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdaCommandTest {

    private static final List<String> FIGURES = List.of(
            "slices_per_patient.png",
            "tumour_share.png",
            "channel_histograms.png",
            "patient_slices.png",
            "mask_overlay.png",
            "channels.png");

    @TempDir
    Path tmp;

    @Test
    void writesEveryFigureAndAReportThatShowsThem() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 5, 6);
        Path out = tmp.resolve("eda");
        String printed = Cli.run(
                        0,
                        "eda",
                        "--data",
                        data.toString(),
                        "--out",
                        out.toString(),
                        "--size",
                        "32",
                        "--val-fraction",
                        "0.4")
                .out();
        assertThat(printed).contains("train: 3 patients", "validation: 2 patients", "all: 5 patients, 30 slices");
        String html = Files.readString(out.resolve("report.html"));
        for (String f : FIGURES) {
            BufferedImage img = ImageIO.read(out.resolve(f).toFile());
            assertThat(img).as(f).isNotNull();
            assertThat(img.getWidth()).as(f).isGreaterThan(100);
            assertThat(html).contains("src=\"" + f + "\"");
        }
        // Six slices of one patient in one row of 160-pixel cells.
        assertThat(ImageIO.read(out.resolve("patient_slices.png").toFile()).getWidth())
                .isEqualTo(6 * 160);
        // The overlay marks tumour pixels in red: some pixels are clearly red.
        BufferedImage overlay = ImageIO.read(out.resolve("mask_overlay.png").toFile());
        boolean red = false;
        for (int y = 0; y < overlay.getHeight() && !red; y++) {
            for (int x = 0; x < overlay.getWidth() && !red; x++) {
                int rgb = overlay.getRGB(x, y);
                red = (rgb >> 16 & 0xFF) - Math.max(rgb >> 8 & 0xFF, rgb & 0xFF) > 60;
            }
        }
        assertThat(red).isTrue();
    }

    @Test
    void malformedDatasetNamesTheFileAndExits1() throws Exception {
        Path data = Cli.syntheticData(tmp.resolve("data"), 2, 3);
        Path patient;
        try (var dirs = Files.list(data)) {
            patient = dirs.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
        }
        Path mask;
        try (var files = Files.list(patient)) {
            mask = files.filter(f -> f.toString().endsWith("_mask.tif"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        Files.delete(mask);
        Cli.Output o = Cli.run(
                1, "eda", "--data", data.toString(), "--out", tmp.resolve("eda").toString(), "--size", "32");
        assertThat(o.err())
                .contains("eda: error:", mask.getFileName().toString().replace("_mask", ""));
    }

    @Test
    void missingRequiredOptionPrintsUsageAndExits2() {
        assertThat(Cli.run(2, "eda", "--out", tmp.toString()).err()).contains("--data", "Usage:");
    }
}
