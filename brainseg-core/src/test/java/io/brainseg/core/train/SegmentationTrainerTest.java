package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArray;
import ai.djl.training.loss.Loss;
import io.brainseg.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationTrainerTest {

    @TempDir
    Path tmp;

    @Test
    void tinyNetLearnsTheSquaresAndWritesTheRunRecord() throws IOException {
        Path run = tmp.resolve("run");
        TrainingResult result;
        try (SegmentationTrainer trainer = Fixtures.builder(run, 6).optQuiet(false).build()) {
            result = trainer.fit(Fixtures.train(), Fixtures.val());
        }
        result.history().forEach(System.out::println);
        assertThat(result.history()).hasSize(6);
        assertThat(result.bestValue()).isGreaterThan(0.7);
        assertThat(result.history().get(0).trainLoss()).isGreaterThan(result.last().trainLoss());
        assertThat(result.stopReason()).isEqualTo("completed");

        assertThat(run.resolve("config.json")).isRegularFile();
        String config = Files.readString(run.resolve("config.json"));
        assertThat(config).contains("\"tiny-conv\"", "\"AdamW\"", "\"cosine\"", "SquareSource", "\"djl\"",
                "\"gradientClipNorm\": 1.0");
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"), StandardCharsets.UTF_8);
        assertThat(csv.get(0)).isEqualTo("epoch,train_loss,val_loss,val_dice,lr,seconds,slices_per_s");
        assertThat(csv).hasSize(7);
        for (String dir : new String[] {"best", "last"}) {
            assertThat(run.resolve(dir).resolve(Checkpoint.META)).isRegularFile();
            assertThat(run.resolve(dir).resolve(Checkpoint.SPEC)).isRegularFile();
            assertThat(run.resolve(dir).resolve(Checkpoint.PARAMETERS)).isRegularFile();
            assertThat(run.resolve(dir).resolve(Checkpoint.OPTIMIZER)).isRegularFile();
        }
        assertThat(Checkpoint.read(run.resolve("best")).getEpoch()).isEqualTo(result.bestEpoch());
        assertThat(Checkpoint.read(run.resolve("last")).getEpoch()).isEqualTo(5);
        assertThat(run.resolve("curves.png")).isRegularFile();
        assertThat(run.resolve("predictions").resolve(String.format("epoch-%03d.png", result.bestEpoch())))
                .isRegularFile();
        try (Stream<Path> files = Files.walk(run)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".old"));
        }
        assertThat(AtomicFiles.hasLeftovers(run)).isFalse();
    }
}
