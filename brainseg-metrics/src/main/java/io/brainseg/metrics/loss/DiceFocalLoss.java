package io.brainseg.metrics.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.loss.Loss;
import io.brainseg.core.config.Configurable;
import io.brainseg.core.engine.Scalars;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code λ_dice · Dice + λ_focal · Focal}, MONAI's {@code DiceFocalLoss} (sigmoid variant), the
 * loss of the reference pipeline.
 *
 * <p>The Dice part is a {@link DiceLoss}, the focal part a {@link FocalLoss} on the raw logits:
 * {@code sigmoid} affects the Dice part only. {@code includeBackground=false} on a single-channel
 * input is ignored, as in MONAI. With {@link LossReduction#NONE} the Dice term ({@code B×C×1×1})
 * broadcasts against the focal term ({@code B×C×H×W}), giving {@code B×C×H×W}.
 *
 * <p><b>Argument order.</b> {@link #evaluate(NDList, NDList)} is DJL's, <em>labels first</em>:
 * {@code loss.evaluate(new NDList(mask), new NDList(logits))}. {@link #loss(NDArray, NDArray)} is
 * MONAI's (input, target). Both compute in float32 whatever the input type (float64 stays
 * float64).
 */
public final class DiceFocalLoss extends Loss implements Configurable {

    private final DiceLoss dice;
    private final FocalLoss focal;
    private final double lambdaDice;
    private final double lambdaFocal;

    private DiceFocalLoss(Builder b) {
        super(b.name);
        this.dice = b.dice.optReduction(b.reduction).build();
        this.focal = b.focal.optReduction(b.reduction).build();
        this.lambdaDice = b.lambdaDice;
        this.lambdaFocal = b.lambdaFocal;
    }

    /**
     * Returns a builder with MONAI's defaults and {@code sigmoid=true}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Computes the loss, labels first (DJL's convention).
     *
     * @param labels one array: the target {@code B×C×H×W} in [0, 1]
     * @param predictions one array: the logits, same shape
     * @return the reduced loss
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return loss(LossSupport.single(predictions, "predictions"), LossSupport.single(labels, "labels"));
    }

    /**
     * Computes the loss, input first (MONAI's order).
     *
     * @param logits logits {@code B×C×H×W}
     * @param target target of the same shape
     * @return the reduced loss: a scalar, or {@code B×C×H×W} with {@link LossReduction#NONE}
     * @throws IllegalArgumentException if the shapes differ
     */
    public NDArray loss(NDArray logits, NDArray target) {
        LossSupport.checkShapes(logits, target);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray d = dice.unscoped(logits, target);
            NDArray f = focal.unscoped(logits, target);
            // the parts' results stay in this scope: NDScope.unregister leaves every enclosing scope
            NDArray result = d.mul(Scalars.like(d, lambdaDice)).add(f.mul(Scalars.like(f, lambdaFocal)));
            NDScope.unregister(result);
            return result;
        }
    }

    /**
     * Returns the Dice part.
     *
     * @return the Dice loss with this loss's options
     */
    public DiceLoss getDice() {
        return dice;
    }

    /**
     * Returns the focal part.
     *
     * @return the focal loss with this loss's options
     */
    public FocalLoss getFocal() {
        return focal;
    }

    /**
     * Describes every setting for a run's {@code config.json} (a resume refuses a loss whose
     * description differs).
     *
     * @return the settings by name
     */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", getName());
        m.put("lambdaDice", lambdaDice);
        m.put("lambdaFocal", lambdaFocal);
        m.put("dice", dice.getConfig());
        m.put("focal", focal.getConfig());
        return m;
    }

    /** Builder of {@link DiceFocalLoss}; every setting is optional. */
    public static final class Builder {
        private String name = "DiceFocalLoss";
        private final DiceLoss.Builder dice = DiceLoss.builder();
        private final FocalLoss.Builder focal = FocalLoss.builder();
        private LossReduction reduction = LossReduction.MEAN;
        private double lambdaDice = 1.0;
        private double lambdaFocal = 1.0;

        private Builder() {}

        /**
         * Sets the name reported by DJL's evaluator API (default {@code DiceFocalLoss}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the weight of the Dice term (default 1).
         *
         * @param lambdaDice a finite value >= 0
         * @return this builder
         */
        public Builder optLambdaDice(double lambdaDice) {
            this.lambdaDice = lambdaDice;
            return this;
        }

        /**
         * Sets the weight of the focal term (default 1).
         *
         * @param lambdaFocal a finite value >= 0
         * @return this builder
         */
        public Builder optLambdaFocal(double lambdaFocal) {
            this.lambdaFocal = lambdaFocal;
            return this;
        }

        /**
         * Applies a sigmoid before the Dice part (default true); the focal part always takes logits.
         *
         * @param sigmoid whether the Dice part applies a sigmoid
         * @return this builder
         */
        public Builder optSigmoid(boolean sigmoid) {
            dice.optSigmoid(sigmoid);
            return this;
        }

        /**
         * See {@link DiceLoss.Builder#optSquaredPred(boolean)}.
         *
         * @param squaredPred whether to square
         * @return this builder
         */
        public Builder optSquaredPred(boolean squaredPred) {
            dice.optSquaredPred(squaredPred);
            return this;
        }

        /**
         * See {@link DiceLoss.Builder#optJaccard(boolean)}.
         *
         * @param jaccard whether to use Jaccard
         * @return this builder
         */
        public Builder optJaccard(boolean jaccard) {
            dice.optJaccard(jaccard);
            return this;
        }

        /**
         * See {@link DiceLoss.Builder#optSmoothNr(double)}.
         *
         * @param smoothNr numerator smoothing
         * @return this builder
         */
        public Builder optSmoothNr(double smoothNr) {
            dice.optSmoothNr(smoothNr);
            return this;
        }

        /**
         * See {@link DiceLoss.Builder#optSmoothDr(double)}.
         *
         * @param smoothDr denominator smoothing
         * @return this builder
         */
        public Builder optSmoothDr(double smoothDr) {
            dice.optSmoothDr(smoothDr);
            return this;
        }

        /**
         * See {@link DiceLoss.Builder#optBatch(boolean)}.
         *
         * @param batch whether the Dice part pools the batch
         * @return this builder
         */
        public Builder optBatch(boolean batch) {
            dice.optBatch(batch);
            return this;
        }

        /**
         * Keeps channel 0 in both parts (default true); ignored on single-channel inputs.
         *
         * @param includeBackground whether to keep channel 0
         * @return this builder
         */
        public Builder optIncludeBackground(boolean includeBackground) {
            dice.optIncludeBackground(includeBackground);
            focal.optIncludeBackground(includeBackground);
            return this;
        }

        /**
         * See {@link FocalLoss.Builder#optGamma(double)}.
         *
         * @param gamma focusing parameter
         * @return this builder
         */
        public Builder optGamma(double gamma) {
            focal.optGamma(gamma);
            return this;
        }

        /**
         * See {@link FocalLoss.Builder#optAlpha(Double)}.
         *
         * @param alpha α-balancing weight or null
         * @return this builder
         */
        public Builder optAlpha(Double alpha) {
            focal.optAlpha(alpha);
            return this;
        }

        /**
         * Sets the reduction of both parts (default {@link LossReduction#MEAN}).
         *
         * @param reduction the reduction
         * @return this builder
         */
        public Builder optReduction(LossReduction reduction) {
            this.reduction = Objects.requireNonNull(reduction, "reduction");
            return this;
        }

        /**
         * Builds the loss.
         *
         * @return the loss
         * @throws IllegalArgumentException if a weight is negative or an option of a part is invalid
         */
        public DiceFocalLoss build() {
            LossSupport.checkNonNegative("lambdaDice", lambdaDice);
            LossSupport.checkNonNegative("lambdaFocal", lambdaFocal);
            return new DiceFocalLoss(this);
        }
    }
}
