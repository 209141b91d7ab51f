package io.brainseg.examples;

import io.brainseg.data.LggDataset;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --data} and {@code --size} options of the commands that read a real kaggle_3m
 * dataset ({@code check}, {@code eda}, {@code evaluate}), as a picocli mixin.
 */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "DIR|ZIP", description = "kaggle_3m folder or Kaggle zip.")
    Path data;

    @Option(names = "--size", defaultValue = "256", description = "Expected slice size (default: ${DEFAULT-VALUE}).")
    int size;

    /**
     * Opens the dataset; the caller closes it.
     *
     * @return the dataset at {@code --data} with slices of {@code --size}
     */
    LggDataset open() {
        return LggDataset.builder().setPath(data).optExpectedSize(size).build();
    }
}
