package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brainseg.core.predict.SegmentationPredictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged checkpoints are errors that name the file, never a silent fall-back: a truncated
 * optimizer state on resume, a missing or corrupt {@code best/checkpoint.json}, a deleted
 * {@code spec.json}, a missing {@code last/} on resume.
 */
class CheckpointDamageTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path original;

    @BeforeAll
    static void trainTwoOfFourEpochs() {
        original = shared.resolve("run");
        try (SegmentationTrainer t = Fixtures.builder(original, 4)
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                        if (record.getEpoch() == 1) {
                            ctx.requestStop("interrupted");
                        }
                    }
                })
                .build()) {
            t.fit(new SquareSource(16, 8, Fixtures.SIZE, 3, true), new SquareSource(8, 8, Fixtures.SIZE, 4, false));
        }
    }

    /** A private copy of the run, to damage. */
    private Path copy() throws IOException {
        Path dst = tmp.resolve("copy");
        try (Stream<Path> files = Files.walk(original)) {
            for (Path p : files.toList()) {
                Path target = dst.resolve(original.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals(RunDirectory.LOCK_FILE)) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dst;
    }

    /** Deletes file {@code name} of checkpoint {@code checkpoint} in {@code run}; returns its path. */
    private static Path deleteIn(Path run, String checkpoint, String name) throws IOException {
        Path file = run.resolve(checkpoint).resolve(name);
        Files.delete(file);
        return file;
    }

    /**
     * Asserts that {@code call} throws a CheckpointException whose message starts with the damaged
     * file and what is wrong with it, so the user learns which file to restore.
     */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertCheckpointError(
            ThrowingCallable call, Path file, String problem) {
        return assertThatThrownBy(call)
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(file + ": " + problem);
    }

    private static SegmentationTrainer resumed(Path run) {
        return Fixtures.withRunSettings(SegmentationTrainer.resume(run)).build();
    }

    @Test
    void aTruncatedOptimizerStateIsAnErrorNamingTheFile() throws IOException {
        Path run = copy();
        Path file = run.resolve(Checkpoint.LAST).resolve(Checkpoint.OPTIMIZER);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        try (SegmentationTrainer t = resumed(run)) {
            assertThatThrownBy(() -> t.fit(
                            new SquareSource(16, 8, Fixtures.SIZE, 3, true),
                            new SquareSource(8, 8, Fixtures.SIZE, 4, false)))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageStartingWith(file + ": truncated or corrupt (" + bytes.length / 2 + " bytes)")
                    .satisfies(
                            e -> assertThat(((CheckpointException) e).getFile()).isEqualTo(file));
        }
    }

    @Test
    void aMissingBestMetadataIsAnErrorNotAFallBackToLast() throws IOException {
        Path run = copy();
        Path meta = deleteIn(run, Checkpoint.BEST, Checkpoint.META);
        assertCheckpointError(() -> SegmentationPredictor.load(run), meta, "missing");
        // The explicit choice works and says which checkpoint it scores.
        try (SegmentationPredictor p = SegmentationPredictor.load(run, Checkpoint.LAST)) {
            assertThat(p.getCheckpointDirectory()).isEqualTo(run.resolve(Checkpoint.LAST));
        }
        assertThatThrownBy(() -> SegmentationPredictor.load(run, "newest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'newest'");
    }

    @Test
    void aCorruptBestMetadataIsAnErrorNamingTheFile() throws IOException {
        Path run = copy();
        Path meta = run.resolve(Checkpoint.BEST).resolve(Checkpoint.META);
        Files.writeString(meta, "{\"format\": 1, \"epoch\":");
        assertCheckpointError(() -> SegmentationPredictor.load(run), meta, "not valid JSON");
    }

    @Test
    void aMissingBestDirectoryNamesTheExplicitChoice() throws IOException {
        Path run = copy();
        Files.walk(run.resolve(Checkpoint.BEST))
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        assertThatThrownBy(() -> SegmentationPredictor.load(run))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("no such checkpoint")
                .hasMessageContaining("load(run, \"last\")");
    }

    @Test
    void aDeletedSpecIsAnErrorNamingTheFile() throws IOException {
        Path run = copy();
        Path spec = deleteIn(run, Checkpoint.BEST, Checkpoint.SPEC);
        assertCheckpointError(() -> SegmentationPredictor.load(run), spec, "missing")
                .hasMessageContaining("records a model spec");
        Path lastSpec = deleteIn(run, Checkpoint.LAST, Checkpoint.SPEC);
        assertCheckpointError(() -> SegmentationTrainer.resume(run), lastSpec, "missing");
    }

    @Test
    void resumeWithoutACompleteLastCheckpointNamesTheFile() throws IOException {
        Path run = copy();
        Path meta = deleteIn(run, Checkpoint.LAST, Checkpoint.META);
        assertCheckpointError(() -> SegmentationTrainer.resume(run), meta, "missing");
    }
}
