package io.brainseg.models.interop;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import io.brainseg.models.SegmentationNetwork;
import io.brainseg.models.blocks.ADN;
import io.brainseg.models.blocks.AttentionBlock;
import io.brainseg.models.blocks.AttentionLayer;
import io.brainseg.models.blocks.Conv2dLayer;
import io.brainseg.models.blocks.ConvBlock;
import io.brainseg.models.blocks.ConvTranspose2d;
import io.brainseg.models.blocks.Convolution;
import io.brainseg.models.blocks.InstanceNorm2d;
import io.brainseg.models.blocks.PReLU;
import io.brainseg.models.blocks.ReLU;
import io.brainseg.models.blocks.ResidualUnit;
import io.brainseg.models.blocks.SkipConnection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The state-dict keys MONAI gives a network, derived from the brainseg block tree by walking it
 * the way PyTorch names submodules, so any channel, stride or residual-unit configuration is
 * covered without a table.
 *
 * <p>Each brainseg block stands for the MONAI module of the same name and contributes the
 * attribute names MONAI registers, in MONAI's registration order (which is the state dict's):
 * <ul>
 *   <li>{@code UNet}/{@code AttentionUnet}: {@code model}; a sequence: {@code 0, 1, …};</li>
 *   <li>{@code SkipConnection}: {@code submodule}; {@code ResidualUnit}: {@code conv.unit0, …}
 *       then {@code residual};</li>
 *   <li>{@code Convolution}: {@code conv}, {@code adn}; {@code ADN}: {@code N} (norm), {@code D}
 *       (dropout), {@code A} (activation);</li>
 *   <li>Attention U-Net: {@code ConvBlock}: {@code conv.0, conv.1}; {@code AttentionLayer}:
 *       {@code attention}, {@code upconv.up}, {@code merge}, {@code submodule};
 *       {@code AttentionBlock}: {@code W_g}, {@code W_x}, {@code psi};</li>
 *   <li>leaves: convolutions {@code weight}, {@code bias}; PReLU's slope {@code weight}; batch
 *       norm {@code weight} (γ), {@code bias} (β), {@code running_mean}, {@code running_var},
 *       {@code num_batches_tracked}; an affine instance norm {@code weight}, {@code bias}.</li>
 * </ul>
 * The block must be initialised (parameter shapes are known then).
 */
public final class MonaiKeys {

    /** What a key holds. */
    public enum Role {
        /** A trainable parameter (float32). */
        PARAMETER,
        /** A batch norm running statistic (float32, not trained by gradient). */
        RUNNING_STATISTIC,
        /** A batch norm's {@code num_batches_tracked} (int64 scalar; DJL keeps no counter). */
        BATCHES_TRACKED
    }

    /**
     * One state-dict entry.
     *
     * @param key MONAI's name, e.g. {@code model.0.conv.unit0.conv.weight}
     * @param role what it holds
     * @param parameter the brainseg parameter, or null for {@link Role#BATCHES_TRACKED}
     * @param shape the expected shape (empty for the counter)
     * @param dataType float32, or int64 for the counter
     */
    public record Key(String key, Role role, Parameter parameter, Shape shape, DataType dataType) {}

    private final List<Key> keys;

    private MonaiKeys(List<Key> keys) {
        this.keys = Collections.unmodifiableList(keys);
    }

    /**
     * Derives the keys of an initialised network.
     *
     * @param block a {@link SegmentationNetwork} (or any tree of the blocks above)
     * @return the keys in MONAI's order
     * @throws IllegalArgumentException if the block is not initialised, or a block with parameters
     *     has no MONAI counterpart (the message names it and its path)
     */
    public static MonaiKeys of(Block block) {
        if (!block.isInitialized()) {
            throw new IllegalArgumentException("MonaiKeys: initialise "
                    + block.getClass().getSimpleName() + " first (parameter shapes are needed)");
        }
        List<Key> out = new ArrayList<>();
        walk(block, "", out);
        return new MonaiKeys(out);
    }

    /**
     * Returns the keys.
     *
     * @return the keys in MONAI's state-dict order
     */
    public List<Key> keys() {
        return keys;
    }

    private static void walk(Block b, String p, List<Key> out) {
        if (b instanceof SegmentationNetwork) {
            walk(child(b, "model"), p + "model.", out);
        } else if (b instanceof ResidualUnit ru) {
            List<Block> units = children(ru.getConv());
            for (int i = 0; i < units.size(); i++) {
                walk(units.get(i), p + "conv.unit" + i + ".", out);
            }
            if (ru.getResidual() != null) {
                walk(ru.getResidual(), p + "residual.", out);
            }
        } else if (b instanceof Convolution c) {
            for (Block child : children(c)) {
                walk(child, p + (child == c.getConv() ? "conv." : "adn."), out);
            }
        } else if (b instanceof ADN adn) {
            for (Block child : children(adn)) {
                String name =
                        child instanceof Dropout ? "D." : child instanceof PReLU || child instanceof ReLU ? "A." : "N.";
                walk(child, p + name, out);
            }
        } else if (b instanceof ConvBlock cb) {
            List<Block> convs = children(cb);
            for (int i = 0; i < convs.size(); i++) {
                walk(convs.get(i), p + "conv." + i + ".", out);
            }
        } else if (b instanceof SkipConnection s) {
            walk(s.getSubmodule(), p + "submodule.", out);
        } else if (b instanceof AttentionLayer) {
            walk(child(b, "attention"), p + "attention.", out);
            walk(child(b, "upconv"), p + "upconv.up.", out);
            walk(child(b, "merge"), p + "merge.", out);
            walk(child(b, "submodule"), p + "submodule.", out);
        } else if (b instanceof AttentionBlock) {
            for (String name : new String[] {"W_g", "W_x", "psi"}) {
                walk(child(b, name), p + name + ".", out);
            }
        } else if (b instanceof SequentialBlock) {
            List<Block> items = children(b);
            for (int i = 0; i < items.size(); i++) {
                walk(items.get(i), p + i + ".", out);
            }
        } else if (b instanceof Conv2dLayer || b instanceof ConvTranspose2d) {
            param(b, "weight", p + "weight", Role.PARAMETER, out);
            if (b.getDirectParameters().contains("bias")) {
                param(b, "bias", p + "bias", Role.PARAMETER, out);
            }
        } else if (b instanceof PReLU) {
            param(b, "alpha", p + "weight", Role.PARAMETER, out);
        } else if (b instanceof BatchNorm) {
            param(b, "gamma", p + "weight", Role.PARAMETER, out);
            param(b, "beta", p + "bias", Role.PARAMETER, out);
            param(b, "runningMean", p + "running_mean", Role.RUNNING_STATISTIC, out);
            param(b, "runningVar", p + "running_var", Role.RUNNING_STATISTIC, out);
            out.add(new Key(p + "num_batches_tracked", Role.BATCHES_TRACKED, null, new Shape(), DataType.INT64));
        } else if (b instanceof InstanceNorm2d in) {
            if (in.isAffine()) {
                param(b, "gamma", p + "weight", Role.PARAMETER, out);
                param(b, "beta", p + "bias", Role.PARAMETER, out);
            }
        } else if (!b.getParameters().isEmpty()) {
            throw new IllegalArgumentException(
                    "MonaiKeys: no MONAI name for " + b.getClass().getName() + " at '" + p + "', which has parameters "
                            + b.getParameters().keys());
        }
    }

    private static void param(Block b, String name, String key, Role role, List<Key> out) {
        Parameter param = b.getDirectParameters().get(name);
        if (param == null) {
            throw new IllegalArgumentException(
                    "MonaiKeys: " + b.getClass().getSimpleName() + " at '" + key + "' has no parameter '" + name + "'");
        }
        out.add(new Key(key, role, param, param.getArray().getShape(), DataType.FLOAT32));
    }

    private static List<Block> children(Block b) {
        List<Block> out = new ArrayList<>();
        for (Pair<String, Block> c : b.getChildren()) {
            out.add(c.getValue());
        }
        return out;
    }

    /** DJL names children {@code NNname} (a two-digit position, then the name). */
    private static Block child(Block b, String name) {
        for (Pair<String, Block> c : b.getChildren()) {
            if (c.getKey().replaceFirst("^\\d+", "").equals(name)) {
                return c.getValue();
            }
        }
        throw new IllegalArgumentException("MonaiKeys: " + b.getClass().getSimpleName() + " has no child '" + name
                + "' (children " + b.getChildren().keys() + ")");
    }

    /**
     * Returns the keys as names.
     *
     * @return key → entry, in order
     */
    public Map<String, Key> byName() {
        Map<String, Key> m = new java.util.LinkedHashMap<>();
        keys.forEach(k -> m.put(k.key(), k));
        return m;
    }
}
