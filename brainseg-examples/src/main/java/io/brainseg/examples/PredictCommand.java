package io.brainseg.examples;

import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.predict.Prediction;
import io.brainseg.core.predict.SegmentationPredictor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg predict}: segments one slice image or every slice image under a folder (the
 * {@code *.tif} files that are not {@code *_mask.tif}, sub-folders included) and writes, per slice,
 * the mask ({@code NAME_pred.tif} or {@code .png}, 0/255 like the dataset's masks) and an overlay
 * ({@code NAME_overlay.png}, prediction in red), mirroring the input's sub-folders. Files are written
 * atomically.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Segment slice images with a trained run: a mask and an overlay PNG per slice.")
public final class PredictCommand implements Callable<Integer> {

    /** Mask file formats. */
    enum Format { TIF, PNG }

    @Spec
    private CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory (or checkpoint).")
    private Path run;

    @Option(names = "--input", required = true, paramLabel = "TIFF|DIR",
            description = "A slice image, or a folder searched recursively for slice TIFFs.")
    private Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
    private Path output;

    @Option(names = "--format", defaultValue = "tif", description = "Mask format: tif or png (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--threshold", description = "Probability threshold (default: the run's).")
    private Double threshold;

    @Mixin
    private TtaOption ttaOption;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        if (!Files.exists(input)) {
            throw new IllegalArgumentException("--input " + input + " does not exist");
        }
        List<Path> files = slices(input);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no slice images (*.tif other than *_mask.tif) under " + input);
        }
        SegmentationPredictor.Builder builder = SegmentationPredictor.builder().setCheckpoint(run)
                .optFlipAveraging(ttaOption.tta);
        if (threshold != null) {
            builder.optThreshold(threshold);
        }
        Path base = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
        long foreground = 0;
        try (SegmentationPredictor predictor = builder.build()) {
            for (Path file : files) {
                BufferedImage image = ImageIO.read(file.toFile());
                if (image == null) {
                    throw new IllegalArgumentException(file + " is not an image ImageIO can read");
                }
                Prediction p = predictor.predict(image);
                Path rel = base.toAbsolutePath().relativize(file.toAbsolutePath());
                String stem = stem(rel.getFileName().toString());
                Path dir = rel.getParent() == null ? output : output.resolve(rel.getParent());
                String ext = format.name().toLowerCase(Locale.ROOT);
                BufferedImage mask = p.toMaskImage();
                write(mask, format == Format.TIF ? "tiff" : "png", dir.resolve(stem + "_pred." + ext));
                BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
                rgb.getGraphics().drawImage(image, 0, 0, null);
                write(SliceImages.overlay(rgb, p.getMask(), SliceImages.PREDICTION), "png",
                        dir.resolve(stem + "_overlay.png"));
                foreground += p.getForegroundPixels();
                w.printf(Locale.ROOT, "%s: %d tumour pixels%n", rel, p.getForegroundPixels());
            }
        }
        w.printf(Locale.ROOT, "%d slices, %d tumour pixels in all; masks and overlays in %s%n", files.size(),
                foreground, output.toAbsolutePath());
        w.flush();
        return 0;
    }

    private static List<Path> slices(Path input) throws IOException {
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> s = Files.walk(input)) {
            return s.filter(Files::isRegularFile).filter(PredictCommand::isSlice)
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    private static boolean isSlice(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return (n.endsWith(".tif") || n.endsWith(".tiff")) && !n.endsWith("_mask.tif") && !n.endsWith("_mask.tiff");
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static void write(BufferedImage image, String format, Path file) {
        try {
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(image, format, out)) {
                    throw new IOException("no ImageIO writer for " + format);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
