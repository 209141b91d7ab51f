package io.brainseg.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run directory: the OS lock, its message, and its release. */
class RunDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondTrainerInAnotherProcessFailsFastNamingTheHolder() throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolderMain.class.getName(),
                        run.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("locked");
            try (SegmentationTrainer t = Fixtures.builder(run, 1).build()) {
                assertThatThrownBy(() -> t.fit(Fixtures.train(), Fixtures.val()))
                        .isInstanceOf(RunDirectoryException.class)
                        .hasMessageContaining("is in use by another trainer")
                        .hasMessageContaining("PID " + child.pid() + " on host ")
                        .hasMessageContaining(
                                run.resolve(RunDirectory.LOCK_FILE).toString());
            }
            // Failing fast: nothing of this run was written.
            assertThat(RunDirectory.findRunContent(run)).isEmpty();
        } finally {
            child.getOutputStream().close();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // The holder is gone, so the lock is free again.
        try (SegmentationTrainer t = Fixtures.builder(run, 1).build()) {
            assertThat(t.fit(new SquareSource(8, 8, Fixtures.SIZE, 1, true), Fixtures.val())
                            .getHistory())
                    .hasSize(1);
        }
    }

    @Test
    void aSecondTrainerInThisProcessFailsFastToo() {
        Path run = tmp.resolve("same-jvm");
        try (RunDirectory.Lock held = RunDirectory.lock(run);
                SegmentationTrainer t = Fixtures.builder(run, 1).build()) {
            assertThat(held).isNotNull();
            assertThatThrownBy(() -> t.fit(Fixtures.train(), Fixtures.val()))
                    .isInstanceOf(RunDirectoryException.class)
                    .hasMessageContaining("PID " + ProcessHandle.current().pid());
        }
    }

    @Test
    void theLockIsReleasedWhenFitEndsEvenByAnException() {
        Path run = tmp.resolve("released");
        try (SegmentationTrainer t = Fixtures.builder(run, 1)
                .optTrainTransform((batch, rng) -> {
                    throw new IllegalArgumentException("bad pipeline");
                })
                .build()) {
            assertThatThrownBy(() -> t.fit(Fixtures.train(), Fixtures.val())).hasMessage("bad pipeline");
        }
        try (RunDirectory.Lock lock = RunDirectory.lock(run)) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void aFileIsNotARunDirectory() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> RunDirectory.checkNew(file))
                .isInstanceOf(RunDirectoryException.class)
                .hasMessageContaining("is a file");
    }

    @Test
    void resumingARunThatStoppedBeforeItsFirstCheckpointStartsItAfresh() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("early-crash"));
        Files.writeString(run.resolve(RunConfig.FILE), "{}");
        try (SegmentationTrainer t = Fixtures.builder(run, 1).optResume(true).build()) {
            assertThat(t.fit(Fixtures.train(), Fixtures.val()).getHistory()).hasSize(1);
        }
        assertThat(Files.readString(run.resolve(RunConfig.FILE))).contains("\"optimizer\"");
        assertThat(run.resolve(Checkpoint.LAST).resolve(Checkpoint.META)).isRegularFile();
    }
}
