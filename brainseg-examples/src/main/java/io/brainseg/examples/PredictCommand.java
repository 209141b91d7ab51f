package io.brainseg.examples;

import io.brainseg.core.batch.SliceContext;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.io.NaturalOrder;
import io.brainseg.core.predict.Prediction;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.predict.SliceNumbers;
import io.brainseg.data.LggDataException;
import io.brainseg.data.PlanarImage;
import io.brainseg.data.TiffIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg predict}: segments one slice image or every slice image under a folder and writes,
 * per slice, the mask ({@code NAME_pred.tif} or {@code .png}, 0/255 like the dataset's masks) and an
 * overlay ({@code NAME_overlay.png}, prediction in red), mirroring the input's sub-folders. Files are
 * written atomically.
 *
 * <p><b>Inputs are checked as the training data is:</b> an 8-bit RGB TIFF (3 channels). A grey,
 * RGBA or 16-bit file, a corrupt TIFF, or a {@code *_mask.tif} given as the input is refused with the
 * file named. In a folder, {@code *_mask.tif} files (ground truth beside the images, as in kaggle_3m)
 * and the command's own outputs ({@code *_pred.tif}, anything under {@code --output}) are skipped, so
 * running twice with {@code --output} equal to {@code --input} never segments a mask it wrote. A bad
 * file in a folder does not stop the others: every bad file is named at the end and the exit code is
 * {@value #SOME_FAILED}.
 *
 * <p><b>2.5-D runs</b> ({@code train --context K}) predict a slice from the slice and its
 * neighbours, so {@code --input} must be a folder: each folder's slices are one patient's
 * ({@code <patient>_<n>.tif}, numbered without gaps), stacked in slice order with the edge slices
 * repeated, as in training. A single file is refused; a folder whose slices cannot be ordered, or
 * with a bad file, is reported as failed as a whole, since every slice's input depends on its
 * neighbours.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Segment slice images with a trained run: a mask and an overlay PNG per slice.")
public final class PredictCommand implements Callable<Integer> {

    /** Exit code when some files of a folder were predicted and others were refused. */
    static final int SOME_FAILED = 3;

    /** Mask file formats. */
    enum Format {
        TIF,
        PNG
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private CheckpointOption checkpoint;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "TIFF|DIR",
            description = "A slice image (8-bit RGB TIFF), or a folder searched recursively for them.")
    private Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
    private Path output;

    @Option(
            names = "--format",
            defaultValue = "tif",
            description = "Mask format: tif or png (default: ${DEFAULT-VALUE}).")
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
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new IllegalArgumentException("--output " + output + " is a file, not a folder");
        }
        boolean folder = Files.isDirectory(input);
        if (!folder && isMask(input)) {
            throw new IllegalArgumentException(
                    input + " is a mask (*_mask.tif), not a slice image; predict the image " + "beside it");
        }
        List<Path> files = folder ? slices(input, output) : List.of(input);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "no slice images (*.tif other than *_mask.tif and *_pred.tif) under " + input);
        }
        Path checkpointDir = checkpoint.directory();
        Map<String, Object> scored = CheckpointOption.describe(checkpointDir);
        w.println(CheckpointOption.line(scored));
        SegmentationPredictor.Builder builder =
                SegmentationPredictor.builder().setCheckpoint(checkpointDir).optFlipAveraging(ttaOption.tta);
        if (threshold != null) {
            builder.optThreshold(threshold);
        }
        Path base = folder ? input : input.toAbsolutePath().getParent();
        long foreground = 0;
        List<String> failures = new ArrayList<>();
        int failedFiles = 0;
        try (SegmentationPredictor predictor = builder.build()) {
            if (predictor.getContext() > 0) {
                if (!folder) {
                    throw new IllegalArgumentException(input + ": this model takes "
                            + SliceContext.describe(predictor.getContext())
                            + ", a slice with its neighbours; predict a patient's folder instead of a single slice");
                }
                w.println("Input: " + SliceContext.describe(predictor.getContext())
                        + ", each folder's slices stacked in slice order");
                for (List<Path> patient : byFolder(files)) {
                    try {
                        foreground += predictVolume(predictor, patient, base, w);
                    } catch (LggDataException | IllegalArgumentException e) {
                        failures.add(patient.get(0).toAbsolutePath().getParent() + " (" + patient.size()
                                + " slices, none predicted): " + e.getMessage());
                        failedFiles += patient.size();
                    }
                }
            } else {
                for (Path file : files) {
                    BufferedImage image;
                    try {
                        image = readSlice(file);
                    } catch (LggDataException e) {
                        if (!folder) {
                            throw e;
                        }
                        failures.add(e.getMessage());
                        failedFiles++;
                        continue;
                    }
                    foreground += writeOutputs(predictor.predict(image), image, file, base, w);
                }
            }
        }
        int done = files.size() - failedFiles;
        w.printf(
                Locale.ROOT,
                "%d slices, %d tumour pixels in all; masks and overlays in %s%n",
                done,
                foreground,
                output.toAbsolutePath());
        w.flush();
        if (!failures.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "predict: %d of %d files were not predicted:%n", failedFiles, files.size());
            failures.forEach(f -> err.println("  - " + f));
            err.flush();
            return SOME_FAILED;
        }
        return 0;
    }

    /** The files grouped by folder (one patient each), each group in natural order: slice order. */
    private static List<List<Path>> byFolder(List<Path> files) {
        Map<Path, List<Path>> groups = new TreeMap<>();
        for (Path f : files) {
            groups.computeIfAbsent(f.toAbsolutePath().getParent(), k -> new ArrayList<>())
                    .add(f);
        }
        List<List<Path>> out = new ArrayList<>();
        for (List<Path> g : groups.values()) {
            g.sort(Comparator.comparing(p -> p.getFileName().toString(), NaturalOrder.INSTANCE));
            out.add(g);
        }
        return out;
    }

    /** Predicts one patient's slices as a volume (a 2.5-D model) and writes every slice's outputs. */
    private long predictVolume(SegmentationPredictor predictor, List<Path> patient, Path base, PrintWriter w) {
        SliceNumbers.requireConsecutive(patient);
        List<BufferedImage> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path f : patient) {
            images.add(readSlice(f));
            names.add(f.getFileName().toString());
        }
        List<Prediction> predictions = predictor.predictVolume(images, names);
        long foreground = 0;
        for (int i = 0; i < patient.size(); i++) {
            foreground += writeOutputs(predictions.get(i), images.get(i), patient.get(i), base, w);
        }
        return foreground;
    }

    /** Writes the mask and the overlay of one slice; returns its tumour pixels. */
    private long writeOutputs(Prediction p, BufferedImage image, Path file, Path base, PrintWriter w) {
        Path rel = base.toAbsolutePath().relativize(file.toAbsolutePath());
        String stem = stem(rel.getFileName().toString());
        Path dir = rel.getParent() == null ? output : output.resolve(rel.getParent());
        String ext = format.name().toLowerCase(Locale.ROOT);
        write(p.toMaskImage(), format == Format.TIF ? "tiff" : "png", dir.resolve(stem + "_pred." + ext));
        write(
                SliceImages.overlay(image, p.getMask(), SliceImages.PREDICTION),
                "png",
                dir.resolve(stem + "_overlay.png"));
        w.printf(Locale.ROOT, "%s: %d tumour pixels%n", rel, p.getForegroundPixels());
        return p.getForegroundPixels();
    }

    /**
     * Reads a slice as the training data is read: an 8-bit, 3-channel TIFF.
     *
     * @throws LggDataException naming the file if it is not a TIFF, corrupt, not 8-bit or not 3 channels
     */
    static BufferedImage readSlice(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LggDataException(file + ": cannot read (" + e + ")", e);
        }
        PlanarImage img = TiffIO.read(bytes, file.toString());
        if (img.bands() != 3) {
            throw new LggDataException(file + ": expected an RGB slice with 3 channels (pre-contrast, FLAIR, "
                    + "post-contrast), got " + img.bands()
                    + (img.bands() == 1 ? " (a grey image or a mask)" : img.bands() == 4 ? " (RGBA)" : ""));
        }
        return SliceImages.rgb(img.planes(), img.height(), img.width());
    }

    private static List<Path> slices(Path input, Path output) throws IOException {
        Path out = output.toAbsolutePath().normalize();
        boolean outputInside = !out.equals(input.toAbsolutePath().normalize());
        try (Stream<Path> s = Files.walk(input)) {
            return s.filter(Files::isRegularFile)
                    .filter(PredictCommand::isTiff)
                    .filter(p -> !isMask(p) && !isOwnOutput(p))
                    // A separate --output folder inside --input holds only this command's files.
                    .filter(p ->
                            !(outputInside && p.toAbsolutePath().normalize().startsWith(out)))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    private static String lowerName(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    private static boolean isTiff(Path p) {
        String n = lowerName(p);
        return n.endsWith(".tif") || n.endsWith(".tiff");
    }

    private static boolean isMask(Path p) {
        String n = lowerName(p);
        return n.endsWith("_mask.tif") || n.endsWith("_mask.tiff");
    }

    private static boolean isOwnOutput(Path p) {
        String n = lowerName(p);
        return n.endsWith("_pred.tif") || n.endsWith("_pred.tiff");
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
