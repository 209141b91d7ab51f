package io.brainseg.examples;

import io.brainseg.metrics.loss.DiceFocalLoss;

/**
 * The reference pipeline's DiceFocal settings that {@code train} exposes as levers, with MONAI's
 * names: the weights of the two terms and whether the Dice term pools the batch.
 *
 * <p>Pooling matters for this data because about two slices in three have no tumour. Per sample
 * ({@code batch = false}, MONAI's default) an empty slice scores Dice ≈ 0 for any prediction that is
 * not exactly empty (the smoothing terms are 1e-5), so its loss saturates at 1 and gives almost no
 * gradient; pooled, every slice's pixels add to one intersection and one union per batch.
 *
 * @param lambdaDice weight of the Dice term, MONAI's {@code lambda_dice} (finite, ≥ 0)
 * @param lambdaFocal weight of the focal term, MONAI's {@code lambda_focal} (finite, ≥ 0)
 * @param diceBatch whether the Dice term sums over the batch before dividing, MONAI's {@code batch}
 */
record LossSettings(double lambdaDice, double lambdaFocal, boolean diceBatch) {

    /** DiceFocal as MONAI constructs it by default: both weights 1, Dice per sample. */
    static final LossSettings DEFAULT = new LossSettings(1, 1, false);

    /**
     * Builds the loss.
     *
     * @return DiceFocal with these settings (sigmoid, background included)
     * @throws IllegalArgumentException for a negative or non-finite weight
     */
    DiceFocalLoss build() {
        return DiceFocalLoss.builder()
                .optLambdaDice(lambdaDice)
                .optLambdaFocal(lambdaFocal)
                .optBatch(diceBatch)
                .build();
    }
}
