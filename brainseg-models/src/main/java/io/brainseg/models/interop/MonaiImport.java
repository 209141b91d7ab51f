package io.brainseg.models.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.brainseg.core.model.ModelRegistry;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.models.SegmentationNetwork;
import io.brainseg.models.interop.tensor.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads MONAI weights into brainseg networks: a {@code UNet} or {@code AttentionUnet} trained in
 * Python becomes a DJL {@link Block} that predicts, fine-tunes and exports like any other.
 *
 * <pre>{@code
 * ModelSpec spec = UNet.builder().setInChannels(3).setOutChannels(1).setChannels(8, 16, 32, 64, 128)
 *         .setStrides(2, 2, 2, 2).optNumResUnits(2).build().getSpec();
 * try (NDManager manager = NDManager.newBaseManager()) {
 *     Block unet = MonaiImport.fromMonai(Path.of("unet.ckpt"), spec, manager);
 *     ...
 * }
 * }</pre>
 *
 * <p>The file may be safetensors, a {@code torch.save}d state dict or a Lightning checkpoint
 * (see {@link WeightFiles}). The keys the network needs are derived from its block tree
 * ({@link MonaiKeys}); a prefix in front of them (Lightning's module attribute such as
 * {@code _model.}, or {@code module.} from {@code DataParallel}) is detected unless given. Then
 * every key is checked and all problems are reported in one {@link StateDictMismatchException}:
 * missing and unexpected keys, shapes, dtypes (float parameters accept float32 and, widened
 * exactly, float16 and bfloat16; {@code num_batches_tracked} must be an int64 scalar). Keys
 * outside the prefix (other attributes of a LightningModule) are ignored and logged. Batch-norm
 * running statistics are loaded into DJL's {@code BatchNorm}, which uses them in inference;
 * {@code num_batches_tracked} is checked but not kept, since DJL's batch norm, like PyTorch's with
 * a momentum, does not use a batch count.
 */
public final class MonaiImport {

    private static final Logger LOG = LoggerFactory.getLogger(MonaiImport.class);

    private final Path file;
    private final ModelSpec spec;
    private final String prefix;

    private MonaiImport(Builder b) {
        file = b.file;
        spec = b.spec;
        prefix = b.prefix;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the network a spec describes and loads a MONAI weight file into it, detecting the key
     * prefix.
     *
     * @param file a {@code .safetensors}, {@code .pt}/{@code .pth} or {@code .ckpt} file
     * @param spec the network ({@code unet} or {@code attention-unet}), with MONAI's settings
     * @param manager receives the parameters (the caller closes it)
     * @return the initialised network with the file's weights
     * @throws StateDictMismatchException listing every missing, unexpected, mis-shaped or mis-typed key
     * @throws IllegalArgumentException if the file is malformed or refused (named)
     * @throws IOException if the file cannot be read
     */
    public static Block fromMonai(Path file, ModelSpec spec, NDManager manager) throws IOException {
        return builder().setFile(file).setSpec(spec).build().load(manager);
    }

    /**
     * Builds the network and loads the weights.
     *
     * @param manager receives the parameters (the caller closes it)
     * @return the initialised network
     * @throws StateDictMismatchException listing every mismatch
     * @throws IllegalArgumentException if the file is malformed or refused
     * @throws IOException if the file cannot be read
     */
    public Block load(NDManager manager) throws IOException {
        Block block = ModelRegistry.newBlock(spec);
        if (!(block instanceof SegmentationNetwork net)) {
            throw new IllegalArgumentException("MonaiImport: spec " + spec + " does not build a UNet or AttentionUNet");
        }
        long side = 1;
        for (int s : net.getStrides()) {
            side *= s;
        }
        // Parameter shapes do not depend on the spatial size: the smallest valid input will do.
        block.initialize(manager, DataType.FLOAT32, new Shape(1, net.getInChannels(), side, side));
        try (NDManager files = manager.newSubManager()) {
            StateDict sd = WeightFiles.read(file, files);
            loadInto(block, sd, prefix, file.toString());
        }
        return block;
    }

    /**
     * Loads a state dict into an initialised network after checking every key.
     *
     * @param block the network, initialised
     * @param stateDict MONAI's tensors
     * @param prefix the prefix in front of MONAI's keys ({@code ""} for none), or null to detect it
     * @param source names the weights in messages (e.g. the file)
     * @return the prefix used
     * @throws StateDictMismatchException listing every mismatch
     */
    public static String loadInto(Block block, StateDict stateDict, String prefix, String source) {
        MonaiKeys keys = MonaiKeys.of(block);
        String used = prefix != null ? prefix : detectPrefix(stateDict, keys);
        StateDict sd = stateDict.withPrefixRemoved(used);
        int ignored = stateDict.size() - sd.size();
        if (ignored > 0) {
            LOG.info("{}: ignoring {} tensors outside the prefix '{}'", source, ignored, used);
        }
        Map<String, MonaiKeys.Key> expected = keys.byName();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        List<String> wrongType = new ArrayList<>();
        for (MonaiKeys.Key k : keys.keys()) {
            NDArray a = sd.get(k.key());
            if (a == null) {
                missing.add(used + k.key());
                continue;
            }
            if (!a.getShape().equals(k.shape())) {
                wrongShape.add(used + k.key() + ": file " + a.getShape() + " vs network " + k.shape());
            }
            if (!accepts(k, a.getDataType())) {
                wrongType.add(used + k.key() + ": file " + a.getDataType() + " vs " + k.dataType());
            }
        }
        for (String key : sd.keys()) {
            if (!expected.containsKey(key)) {
                unexpected.add(used + key);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty() || !wrongType.isEmpty()) {
            throw new StateDictMismatchException(
                    "cannot load " + source + " (key prefix '" + used + "') into " + block,
                    missing,
                    unexpected,
                    wrongShape,
                    wrongType);
        }
        for (MonaiKeys.Key k : keys.keys()) {
            if (k.parameter() != null) {
                NDArray a = sd.get(k.key());
                float[] values = a.getDataType() == DataType.FLOAT32
                        ? a.toFloatArray()
                        : a.toType(DataType.FLOAT32, false).toFloatArray();
                // A copy into the parameter's own tensor: the file's arrays may be closed afterwards.
                k.parameter().getArray().set(values);
            }
        }
        LOG.info(
                "{}: loaded {} tensors (prefix '{}') into {}",
                source,
                keys.keys().size(),
                used,
                block.getClass().getSimpleName());
        return used;
    }

    private static boolean accepts(MonaiKeys.Key k, DataType t) {
        if (k.role() == MonaiKeys.Role.BATCHES_TRACKED) {
            return t == DataType.INT64;
        }
        return t == DataType.FLOAT32 || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
    }

    /**
     * Finds the prefix in front of MONAI's keys: {@code ""} when the keys match as they are,
     * otherwise the prefix (ending in {@code .}) that turns the most file keys into network keys.
     *
     * @param stateDict the file's tensors
     * @param keys the network's keys
     * @return the prefix, {@code ""} if none fits better
     */
    public static String detectPrefix(StateDict stateDict, MonaiKeys keys) {
        Set<String> names = keys.byName().keySet();
        Map<String, Integer> votes = new HashMap<>();
        for (String fileKey : stateDict.keys()) {
            for (String k : names) {
                if (fileKey.endsWith(k)) {
                    int cut = fileKey.length() - k.length();
                    if (cut == 0 || fileKey.charAt(cut - 1) == '.') {
                        votes.merge(fileKey.substring(0, cut), 1, Integer::sum);
                    }
                }
            }
        }
        String best = "";
        int bestVotes = votes.getOrDefault("", 0);
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return best;
    }

    /** Builds a {@link MonaiImport}: the file and the spec are required. */
    public static final class Builder {
        private Path file;
        private ModelSpec spec;
        private String prefix;

        private Builder() {}

        /**
         * Sets the weight file (required).
         *
         * @param file a {@code .safetensors}, {@code .pt}/{@code .pth} or {@code .ckpt} file
         * @return this builder
         */
        public Builder setFile(Path file) {
            this.file = file;
            return this;
        }

        /**
         * Sets the network (required).
         *
         * @param spec a {@code unet} or {@code attention-unet} spec with MONAI's settings
         * @return this builder
         */
        public Builder setSpec(ModelSpec spec) {
            this.spec = spec;
            return this;
        }

        /**
         * Sets the prefix in front of MONAI's keys (default: detected), e.g. {@code _model.} for a
         * LightningModule holding the network in {@code self._model}, or {@code ""} for none.
         *
         * @param prefix the prefix, ending in {@code .} unless empty
         * @return this builder
         */
        public Builder optPrefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /**
         * Builds the import.
         *
         * @return the import
         * @throws IllegalArgumentException naming the setting if the file or spec is missing or the
         *     prefix is malformed
         */
        public MonaiImport build() {
            if (file == null) {
                throw new IllegalArgumentException("MonaiImport: file is required");
            }
            if (spec == null) {
                throw new IllegalArgumentException("MonaiImport: spec is required");
            }
            if (prefix != null && !prefix.isEmpty() && !prefix.endsWith(".")) {
                throw new IllegalArgumentException(
                        "MonaiImport: invalid prefix = '" + prefix + "' (must end with '.')");
            }
            return new MonaiImport(this);
        }
    }
}
