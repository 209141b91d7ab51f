package io.brainseg.core.predict;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.batch.SliceContext;
import io.brainseg.core.io.NaturalOrder;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.train.Checkpoint;
import io.brainseg.core.transform.BatchTransform;
import io.brainseg.core.transform.ScaleToUnit;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Serves a trained network: rebuilds the architecture from a checkpoint's {@code spec.json},
 * loads its parameters and predicts masks for slices, batches or whole patient folders.
 *
 * <pre>{@code
 * try (SegmentationPredictor predictor = SegmentationPredictor.load(Path.of("runs/unet32"))) {
 *     Prediction p = predictor.predict(Path.of("TCGA_CS_4941_19960909_12.tif"));
 *     ImageIO.write(p.toMaskImage(), "png", new File("mask.png"));
 * }
 * }</pre>
 *
 * <p><b>Input.</b> An image {@code C×H×W} or {@code N×C×H×W}, {@code uint8} 0..255 (as read from
 * the TIFFs) or {@code float32}. It passes through the preprocessing transform — by default
 * {@link ScaleToUnit} ({@code uint8 / 255}, as the training pipelines start) — and then the
 * network at full size: a fully convolutional network trained on 224×224 crops predicts a 256×256
 * slice whole. Set {@link Builder#optPreprocessing} to the training run's validation pipeline when
 * it does more (for example normalisation); deterministic transforms only, as they get a fixed
 * generator. {@code BufferedImage}s and TIFF files are read from their raster's bands in colour-model
 * order (R, G, B; a grey image is repeated to the model's channel count).
 *
 * <p><b>2.5-D models.</b> A network trained on a slice with its {@code K} neighbours on each side
 * ({@link SliceContext}, {@code 3·(2K+1)} input channels, {@link #getContext()} {@code > 0}) needs
 * a slice's neighbours, which one image does not have: {@link #predictFolder} and
 * {@link #predictVolume} stack each slice of a patient with its neighbours (edge slices repeated),
 * {@link #predict(NDArray)} takes arrays already stacked, and the single-slice entry points
 * ({@code BufferedImage}s, image files) refuse such a model with an {@link IllegalArgumentException}
 * rather than feed it a slice without its context.
 *
 * <p><b>Output.</b> {@code sigmoid(logits)} per pixel and the mask {@code > threshold} (the
 * training threshold by default). With {@link Builder#optFlipAveraging(boolean) flip averaging} the
 * probability is the mean of four passes, over the image as given and flipped along H, along W and
 * along both (each flipped back before averaging), the flips the reference training augments with:
 * {@code p = ¼ Σ_a flip_a(sigmoid(net(flip_a(x))))}, a test-time augmentation that costs four
 * forward passes and makes the prediction commute with those flips.
 *
 * <p><b>Threads.</b> A predictor may be shared: each call works on its own sub-manager, and the
 * forward pass is serialised by a lock (DJL blocks are not documented as re-entrant). For parallel
 * throughput, give each thread its own predictor (they do not share parameters).
 */
public final class SegmentationPredictor implements AutoCloseable {

    /** The flips averaged besides the identity: H, W, and both, of an N×C×H×W array. */
    private static final int[][] FLIPS = {{2}, {3}, {2, 3}};

    private final NDManager manager;
    private final Block block;
    private final ParameterStore parameterStore;
    private final ModelSpec spec;
    private final int channels;
    private final int context;
    private final double threshold;
    private final BatchTransform preprocessing;
    private final int batchSize;
    private final boolean flipAveraging;
    private final ReentrantLock lock = new ReentrantLock();
    private final Path checkpointDirectory;

    private SegmentationPredictor(Builder b) {
        if (b.path == null) {
            throw new IllegalArgumentException("checkpoint is required: call setCheckpoint(path)");
        }
        Path dir = b.checkpointName == null ? Checkpoint.locate(b.path) : Checkpoint.locate(b.path, b.checkpointName);
        this.checkpointDirectory = dir;
        Checkpoint cp = Checkpoint.read(dir);
        this.spec = cp.getSpec();
        this.manager = NDManager.newBaseManager(b.device);
        try {
            this.block = cp.loadBlock(manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        // Inference only: without gradients no autograd graph is recorded, whatever the calling
        // thread's grad mode (PyTorch's is thread-local and on by default in new threads).
        block.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(false));
        this.parameterStore = new ParameterStore(manager, false);
        this.channels = (int) cp.getInputShape().get(1);
        this.context = contextOf(channels);
        this.threshold = b.threshold != null ? b.threshold : cp.getThreshold();
        this.preprocessing = b.preprocessing;
        this.batchSize = b.batchSize;
        this.flipAveraging = b.flipAveraging;
    }

    /**
     * Loads the best checkpoint of a run directory (or a checkpoint directory itself) on the
     * default device with the default preprocessing and the training threshold. A missing or
     * damaged {@code best/} is an error, never a silent fall-back to {@code last/}: load that one
     * with {@link #load(Path, String) load(run, "last")}.
     *
     * @param path a run directory or a checkpoint directory
     * @return the predictor
     * @throws io.brainseg.core.train.CheckpointException if no checkpoint is found, or its metadata,
     *     spec or parameter file is missing, corrupt or does not match (the message names the file)
     */
    public static SegmentationPredictor load(Path path) {
        return builder().setCheckpoint(path).build();
    }

    /**
     * Loads a named checkpoint of a run directory: {@code "best"} or {@code "last"}.
     *
     * @param runDirectory the run directory
     * @param checkpoint {@code "best"} or {@code "last"}
     * @return the predictor
     * @throws IllegalArgumentException if the name is neither
     * @throws io.brainseg.core.train.CheckpointException if that checkpoint is missing or damaged
     *     (the message names the file)
     */
    public static SegmentationPredictor load(Path runDirectory, String checkpoint) {
        return builder()
                .setCheckpoint(runDirectory)
                .optCheckpointName(checkpoint)
                .build();
    }

    /**
     * Returns the checkpoint directory the predictor was loaded from (say which one was scored).
     *
     * @return the directory, for example {@code runs/unet32/best}
     */
    public Path getCheckpointDirectory() {
        return checkpointDirectory;
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the spec of the loaded network.
     *
     * @return the spec
     */
    public ModelSpec getSpec() {
        return spec;
    }

    /**
     * Returns the context K the network was trained with: 0 for a 2-D network (3 input channels, or
     * any count that is not {@code 3·(2K+1)}), K for {@code 3·(2K+1)} input channels (9: one
     * neighbouring slice on each side).
     *
     * @return K
     */
    public int getContext() {
        return context;
    }

    /**
     * Returns the number of input channels the network takes.
     *
     * @return C of {@code N×C×H×W}
     */
    public int getInputChannels() {
        return channels;
    }

    /** A 2.5-D context only for the channel counts of {@link SliceContext}; other networks predict per slice. */
    private static int contextOf(int channels) {
        try {
            return SliceContext.contextOf(channels);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** Refuses single-slice input for a 2.5-D model: it would run without the neighbours it was trained on. */
    private void requireSingleSliceModel() {
        if (context > 0) {
            throw new IllegalArgumentException("this model takes " + SliceContext.describe(context)
                    + ", a slice with its neighbours; predict a patient's folder (predictFolder) or its slices in "
                    + "order (predictVolume) instead of a single slice");
        }
    }

    /**
     * Returns the threshold on the probability.
     *
     * @return the threshold
     */
    public double getThreshold() {
        return threshold;
    }

    /**
     * Returns whether probabilities are averaged over the H, W and H+W flips.
     *
     * @return whether flip averaging is on
     */
    public boolean isFlipAveraging() {
        return flipAveraging;
    }

    /**
     * Predicts one slice.
     *
     * @param image an 8-bit image (RGB or grey)
     * @return the prediction
     * @throws IllegalArgumentException if the image is not 8-bit, or the model is 2.5-D
     *     ({@link #getContext()} {@code > 0})
     */
    public Prediction predict(BufferedImage image) {
        requireSingleSliceModel();
        return predictImages(List.of(image), List.of("")).get(0);
    }

    /**
     * Predicts one slice read from an image file (TIFF, PNG, ...).
     *
     * @param file the file
     * @return the prediction, whose source is the file name
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it is not an image ImageIO can decode, or not 8-bit, or
     *     the model is 2.5-D ({@link #getContext()} {@code > 0})
     */
    public Prediction predict(Path file) {
        requireSingleSliceModel();
        return predictImages(List.of(read(file)), List.of(file.getFileName().toString()))
                .get(0);
    }

    /**
     * Predicts a batch of slices; images of the same size run together in batches of the
     * configured size.
     *
     * @param images 8-bit images
     * @return one prediction per image, in order
     * @throws IllegalArgumentException if an image is not 8-bit, or the model is 2.5-D (the images
     *     are independent slices; use {@link #predictVolume} for a patient's slices in order)
     */
    public List<Prediction> predict(List<BufferedImage> images) {
        requireSingleSliceModel();
        List<String> names = new ArrayList<>();
        images.forEach(i -> names.add(""));
        return predictImages(images, names);
    }

    /**
     * Predicts every slice of a patient folder: the {@code *.tif} / {@code *.tiff} files that are not
     * {@code *_mask.tif}, in natural order ({@code _2} before {@code _10}). For a 2.5-D model each
     * slice is stacked with its neighbours ({@link #predictVolume}); the files must then be named
     * {@code <patient>_<n>.tif} with consecutive slice numbers, so the neighbours are the real ones.
     *
     * @param folder a patient folder such as {@code kaggle_3m/TCGA_CS_4941_19960909}
     * @return one prediction per slice, in slice order, with the file name as source
     * @throws IllegalArgumentException if the folder holds no slice, or, for a 2.5-D model, a file
     *     name has no slice number or the numbers have a gap
     * @throws UncheckedIOException if the folder cannot be listed or a file read
     */
    public List<Prediction> predictFolder(Path folder) {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile)
                    .filter(SegmentationPredictor::isSlice)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), NaturalOrder.INSTANCE))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no slice images (*.tif other than *_mask.tif) in " + folder);
        }
        if (context > 0) {
            SliceNumbers.requireConsecutive(files);
            List<BufferedImage> images = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Path f : files) {
                images.add(read(f));
                names.add(f.getFileName().toString());
            }
            return predictVolume(images, names);
        }
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i += batchSize) {
            List<Path> chunk = files.subList(i, Math.min(files.size(), i + batchSize));
            List<BufferedImage> images = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Path f : chunk) {
                images.add(read(f));
                names.add(f.getFileName().toString());
            }
            out.addAll(predictImages(images, names));
        }
        return out;
    }

    /**
     * Predicts the slices of one patient given in slice order. For a 2.5-D model
     * ({@link #getContext()} {@code K > 0}) slice {@code i} is stacked with slices
     * {@code i-K .. i+K} of the list (clamped to the first and last slice, which repeat) into the
     * {@code 3·(2K+1)}-channel input the network was trained on; for a 2-D model this is
     * {@link #predict(List)}. The caller is responsible for the order: it is the volume's.
     *
     * @param slices one patient's slices in slice order, 8-bit, all of one size
     * @param names the slices' names for {@link Prediction#getSource()} (empty for none), one per slice
     * @return one prediction per slice, in order
     * @throws IllegalArgumentException if the lists differ in length, are empty, an image is not
     *     8-bit or the sizes differ
     */
    public List<Prediction> predictVolume(List<BufferedImage> slices, List<String> names) {
        if (slices.isEmpty() || slices.size() != names.size()) {
            throw new IllegalArgumentException("predictVolume needs one name per slice and at least one slice, got "
                    + slices.size() + " slices and " + names.size() + " names");
        }
        if (context == 0) {
            return predictImages(slices, names);
        }
        List<byte[]> planes = new ArrayList<>(slices.size());
        BufferedImage first = slices.get(0);
        for (int i = 0; i < slices.size(); i++) {
            BufferedImage image = slices.get(i);
            if (!sameSize(first, image)) {
                throw new IllegalArgumentException("the slices of one volume must have one size: "
                        + label(names.get(0), 0) + " is " + first.getWidth() + "x" + first.getHeight() + ", "
                        + label(names.get(i), i) + " is " + image.getWidth() + "x" + image.getHeight());
            }
            planes.add(toBytes(image, names.get(i), SliceContext.SLICE_CHANNELS));
        }
        Shape one = new Shape(channels, first.getHeight(), first.getWidth());
        List<Prediction> out = new ArrayList<>(slices.size());
        for (int i = 0; i < slices.size(); i += batchSize) {
            int j = Math.min(slices.size(), i + batchSize);
            try (NDManager sub = manager.newSubManager()) {
                NDList arrays = new NDList();
                for (int k = i; k < j; k++) {
                    byte[] stacked = SliceContext.stack(planes, k, context);
                    arrays.add(sub.create(java.nio.ByteBuffer.wrap(stacked), one, DataType.UINT8));
                }
                NDArray x = NDArrays.stack(arrays);
                x.attach(sub);
                out.addAll(toPredictions(probabilities(x, sub), names.subList(i, j)));
            }
        }
        return out;
    }

    private static String label(String name, int index) {
        return name.isEmpty() ? "slice " + index : name;
    }

    private static boolean isSlice(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return (n.endsWith(".tif") || n.endsWith(".tiff")) && !n.endsWith("_mask.tif") && !n.endsWith("_mask.tiff");
    }

    /**
     * Predicts an array of images.
     *
     * @param images {@code C×H×W} or {@code N×C×H×W}, uint8 or float32, on any manager
     * @return one prediction per image
     * @throws IllegalArgumentException if the rank or channel count is wrong
     */
    public List<Prediction> predict(NDArray images) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray probs = probabilities(images, sub);
            return toPredictions(probs, null);
        }
    }

    /**
     * Returns the probabilities for an array of images, attached to the input's manager (for
     * callers that keep working on the device).
     *
     * @param images {@code N×C×H×W}, uint8 or float32
     * @return {@code N×1×H×W} float32 probabilities
     */
    public NDArray predictProbabilities(NDArray images) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray probs = probabilities(images, sub);
            probs.attach(images.getManager());
            return probs;
        }
    }

    private NDArray probabilities(NDArray images, NDManager sub) {
        Shape shape = images.getShape();
        if (shape.dimension() != 3 && shape.dimension() != 4) {
            throw new IllegalArgumentException("images must be C×H×W or N×C×H×W, got " + shape);
        }
        if (shape.get(shape.dimension() - 3) != channels) {
            throw new IllegalArgumentException("the model takes " + channels + " channels"
                    + (context > 0 ? " (" + SliceContext.describe(context) + ")" : "") + " but the images have shape "
                    + shape);
        }
        try (SampleBatch batch = SampleBatch.of(sub, List.of())) {
            // A copy on the predictor's device, owned by this call: the caller's array is never touched.
            NDArray x = images.getDevice().equals(manager.getDevice())
                    ? images.duplicate()
                    : images.toDevice(manager.getDevice(), true);
            x.attach(batch.getManager());
            if (shape.dimension() == 3) {
                x = x.expandDims(0);
            }
            batch.set(SampleBatch.IMAGE, x);
            preprocessing.apply(batch, new SplittableRandom(0));
            NDArray in = batch.get(SampleBatch.IMAGE);
            if (in.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(
                        "the preprocessing must produce a float32 image, got " + in.getDataType());
            }
            NDArray probs;
            lock.lock();
            try {
                probs = sigmoid(in);
                if (flipAveraging) {
                    for (int[] axes : FLIPS) {
                        probs = probs.add(sigmoid(in.flip(axes)).flip(axes));
                    }
                    probs = probs.div(FLIPS.length + 1);
                }
            } finally {
                lock.unlock();
            }
            probs.attach(sub);
            return probs;
        }
    }

    private NDArray sigmoid(NDArray in) {
        return Activation.sigmoid(
                block.forward(parameterStore, new NDList(in), false).singletonOrThrow());
    }

    private List<Prediction> toPredictions(NDArray probs, List<String> names) {
        int n = (int) probs.getShape().get(0);
        int h = (int) probs.getShape().get(2);
        int w = (int) probs.getShape().get(3);
        float[] all = probs.toFloatArray();
        List<Prediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] one = new float[h * w];
            System.arraycopy(all, i * h * w, one, 0, h * w);
            String name = names == null || names.get(i).isEmpty() ? null : names.get(i);
            out.add(new Prediction(name, h, w, one, threshold));
        }
        return out;
    }

    private List<Prediction> predictImages(List<BufferedImage> images, List<String> names) {
        List<Prediction> out = new ArrayList<>(images.size());
        int i = 0;
        while (i < images.size()) {
            // Batch consecutive images of the same size.
            int j = i + 1;
            while (j < images.size() && j - i < batchSize && sameSize(images.get(i), images.get(j))) {
                j++;
            }
            try (NDManager sub = manager.newSubManager()) {
                NDList arrays = new NDList();
                for (int k = i; k < j; k++) {
                    arrays.add(toArray(images.get(k), names.get(k), sub));
                }
                NDArray x = arrays.size() == 1 ? arrays.get(0).expandDims(0) : NDArrays.stack(arrays);
                x.attach(sub);
                out.addAll(toPredictions(probabilities(x, sub), names.subList(i, j)));
            }
            i = j;
        }
        return out;
    }

    private static boolean sameSize(BufferedImage a, BufferedImage b) {
        return a.getWidth() == b.getWidth() && a.getHeight() == b.getHeight();
    }

    private NDArray toArray(BufferedImage image, String name, NDManager sub) {
        byte[] data = toBytes(image, name, channels);
        return sub.create(
                java.nio.ByteBuffer.wrap(data),
                new Shape(channels, image.getHeight(), image.getWidth()),
                DataType.UINT8);
    }

    /** An 8-bit image as {@code channels×H×W} bytes, channel-first in colour-model order. */
    private static byte[] toBytes(BufferedImage image, String name, int channels) {
        Objects.requireNonNull(image, "image");
        Raster r = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        int bands = r.getNumBands();
        for (int b = 0; b < bands; b++) {
            if (r.getSampleModel().getSampleSize(b) != 8) {
                throw new IllegalArgumentException((name.isEmpty() ? "image" : name) + ": band " + b + " has "
                        + r.getSampleModel().getSampleSize(b) + " bits; 8-bit images are expected");
            }
        }
        byte[] data = new byte[channels * h * w];
        int[] plane = new int[h * w];
        for (int c = 0; c < channels; c++) {
            // Grey images repeat their one band; RGBA images drop alpha.
            r.getSamples(0, 0, w, h, bands < channels ? 0 : c, plane);
            int off = c * h * w;
            for (int p = 0; p < plane.length; p++) {
                data[off + p] = (byte) plane[p];
            }
        }
        return data;
    }

    private static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IllegalArgumentException(file + " is not an image ImageIO can read (no reader for it)");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Frees the network's parameters. */
    @Override
    public void close() {
        manager.close();
    }

    /** Builds a {@link SegmentationPredictor}. */
    public static final class Builder {
        private Path path;
        private String checkpointName;
        private Device device;
        private Double threshold;
        private BatchTransform preprocessing = new ScaleToUnit();
        private int batchSize = 16;
        private boolean flipAveraging;

        private Builder() {}

        /**
         * Chooses a checkpoint of the run directory by name, {@code "best"} or {@code "last"}
         * (default: the checkpoint directory itself, else {@code best/}).
         *
         * @param name {@code "best"} or {@code "last"}
         * @return this builder
         */
        public Builder optCheckpointName(String name) {
            this.checkpointName = name;
            return this;
        }

        /**
         * Sets the run directory (its {@code best/} unless {@link #optCheckpointName} says
         * otherwise) or a checkpoint directory.
         *
         * @param path the directory
         * @return this builder
         */
        public Builder setCheckpoint(Path path) {
            this.path = path;
            return this;
        }

        /**
         * Sets the device (default: the engine's default).
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Sets the threshold on the probability (default: the one used in training).
         *
         * @param threshold in (0, 1)
         * @return this builder
         */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets the preprocessing applied to every input batch (default {@link ScaleToUnit}).
         *
         * @param preprocessing a deterministic transform leaving a float32 image
         * @return this builder
         */
        public Builder optPreprocessing(BatchTransform preprocessing) {
            this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
            return this;
        }

        /**
         * Sets how many slices of a folder or list run per forward pass (default 16).
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets whether to average the probabilities over the image and its flips along H, W and
         * both (test-time augmentation; four forward passes per batch). Default off.
         *
         * @param flipAveraging whether to average over flips
         * @return this builder
         */
        public Builder optFlipAveraging(boolean flipAveraging) {
            this.flipAveraging = flipAveraging;
            return this;
        }

        /**
         * Loads the checkpoint and builds the predictor.
         *
         * @return the predictor
         * @throws IllegalArgumentException if a setting is invalid, or the checkpoint is missing,
         *     incomplete or mismatched (the message names the file)
         */
        public SegmentationPredictor build() {
            if (path == null) {
                throw new IllegalArgumentException("checkpoint is required: call setCheckpoint(dir)");
            }
            if (threshold != null && !(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (device == null) {
                device = ai.djl.engine.Engine.getInstance().defaultDevice();
            }
            return new SegmentationPredictor(this);
        }
    }
}
