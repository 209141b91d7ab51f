package io.brainseg.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void writeReplacesContentAndLeavesNoTemporaryFile() throws IOException {
        Path f = tmp.resolve("a/b/config.json");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertThat(f).hasContent("two");
        assertThat(AtomicFiles.hasLeftovers(f.getParent())).isFalse();
    }

    @Test
    void aFailingWriterLeavesTheOldFileIntact() throws IOException {
        Path f = tmp.resolve("metrics.csv");
        AtomicFiles.writeString(f, "old");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
                    out.write("half of the new".getBytes());
                    throw new IOException("disk full");
                }))
                .hasMessage("disk full");
        assertThat(f).hasContent("old");
        assertThat(AtomicFiles.hasLeftovers(tmp)).isFalse();
    }

    @Test
    void replaceDirectorySwapsWholeDirectoriesAndKeepsTheOldOneOnFailure() throws IOException {
        Path d = tmp.resolve("last");
        AtomicFiles.replaceDirectory(d, dir -> AtomicFiles.writeString(dir.resolve("x"), "1"));
        AtomicFiles.replaceDirectory(d, dir -> AtomicFiles.writeString(dir.resolve("y"), "2"));
        assertThat(d.resolve("y")).hasContent("2");
        assertThat(d.resolve("x")).doesNotExist();
        assertThatThrownBy(() -> AtomicFiles.replaceDirectory(d, dir -> {
                    AtomicFiles.writeString(dir.resolve("z"), "3");
                    throw new IOException("crash while writing");
                }))
                .hasMessage("crash while writing");
        assertThat(d.resolve("y")).hasContent("2");
        assertThat(tmp.resolve("last.tmp")).doesNotExist();
    }

    @Test
    void resolveDirectoryFallsBackToTheOldCopyAfterACrashBetweenRenames() throws IOException {
        Path d = tmp.resolve("best");
        Files.createDirectories(tmp.resolve("best.old"));
        assertThat(AtomicFiles.resolveDirectory(d)).isEqualTo(tmp.resolve("best.old"));
        Files.createDirectories(d);
        assertThat(AtomicFiles.resolveDirectory(d)).isEqualTo(d);
    }

    @Test
    void writtenFileGetsTheSamePermissionsAsAnyNewFile() throws IOException {
        Path plain = Files.createFile(tmp.resolve("plain.txt"));
        Path atomic = tmp.resolve("report.html");
        AtomicFiles.writeString(atomic, "<html></html>");

        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(plain));
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("plain.txt", "report.html");
        }
    }
}
