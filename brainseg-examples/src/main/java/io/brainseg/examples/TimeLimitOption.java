package io.brainseg.examples;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The one wall-clock option of the training commands, {@code --time-limit MINUTES} (decimals
 * allowed), as a picocli mixin: {@code train} (no limit by default) and {@code quickstart} (which
 * applies its own default of 3 minutes when the option is absent).
 */
final class TimeLimitOption {

    @Option(
            names = "--time-limit",
            paramLabel = "MINUTES",
            description = "Stop after the last epoch that fits in this many minutes of wall time (decimals allowed).")
    Double minutes;

    /**
     * Returns the limit.
     *
     * @return the limit, or null when the option is absent
     * @throws IllegalArgumentException if the value is not a positive number
     */
    Duration duration() {
        if (minutes == null) {
            return null;
        }
        if (!(minutes > 0) || minutes.isInfinite()) {
            throw new IllegalArgumentException("--time-limit must be a positive number of minutes, got " + minutes);
        }
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }
}
