package io.brainseg.examples;

import picocli.CommandLine.Option;

/**
 * The {@code --tta} option of {@code evaluate} and {@code predict}: flip-averaged probabilities
 * ({@link io.brainseg.core.predict.SegmentationPredictor.Builder#optFlipAveraging(boolean)}).
 */
final class TtaOption {

    @Option(
            names = "--tta",
            description = "Average the probabilities over each slice and its flips along H, W and "
                    + "both (test-time augmentation, 4 forward passes).")
    boolean tta;
}
