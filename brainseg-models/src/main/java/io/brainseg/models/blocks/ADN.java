package io.brainseg.models.blocks;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

/**
 * MONAI's ADN unit in its "NDA" order: Norm → Dropout → Act, applied to an {@code N×C×H×W}
 * array; the output has the same shape.
 *
 * <ul>
 *   <li>Norm: {@link Norm#INSTANCE} is {@link InstanceNorm2d} without affine parameters (0
 *       parameters); {@link Norm#BATCH} is batch norm over axis 1 with γ, β (2C parameters) and
 *       running statistics (eps 1e-5, PyTorch momentum 0.1).</li>
 *   <li>Dropout with rate p; left out when p = 0 (an identity, as MONAI's {@code Dropout(0)}).</li>
 *   <li>Act: {@link PReLU} (1 parameter, 0.25) or {@link ReLU}.</li>
 * </ul>
 */
public class ADN extends SequentialBlock {

    private final Norm norm;
    private final double dropout;
    private final Act act;

    /**
     * Creates the unit.
     *
     * @param channels C, the number of channels normalised
     * @param norm the normalisation
     * @param dropout the dropout rate p, 0 ≤ p &lt; 1
     * @param act the activation
     * @throws IllegalArgumentException naming the value if channels or dropout is invalid
     */
    public ADN(int channels, Norm norm, double dropout, Act act) {
        if (channels < 1) {
            throw new IllegalArgumentException("ADN: invalid channels = " + channels);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("ADN: invalid dropout = " + dropout + " (must be in [0, 1))");
        }
        this.norm = norm;
        this.dropout = dropout;
        this.act = act;
        add(newNorm(channels, norm));
        if (dropout > 0) {
            add(Dropout.builder().optRate((float) dropout).build());
        }
        add(act == Act.PRELU ? new PReLU() : new ReLU());
    }

    /**
     * Creates the normalisation block MONAI's {@code Norm[name, 2](channels)} stands for.
     *
     * @param channels C
     * @param norm the normalisation
     * @return a new block keeping the input's shape
     */
    public static ai.djl.nn.Block newNorm(int channels, Norm norm) {
        if (norm == Norm.INSTANCE) {
            return InstanceNorm2d.builder().setChannels(channels).build();
        }
        // DJL's momentum weights the running value: 0.9 here is PyTorch's momentum 0.1.
        return BatchNorm.builder().optAxis(1).optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    /** @return the normalisation */
    public Norm getNorm() {
        return norm;
    }

    /** @return the dropout rate */
    public double getDropout() {
        return dropout;
    }

    /** @return the activation */
    public Act getAct() {
        return act;
    }
}
