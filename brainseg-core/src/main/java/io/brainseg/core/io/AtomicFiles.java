package io.brainseg.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files and whole directories so that a reader (or a crash) only ever sees the old or the
 * complete new content, never a half-written file.
 *
 * <p>A file is written to a temporary sibling, forced to disk, then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}. A directory (a checkpoint) is filled under a temporary
 * sibling name and swapped in with two renames; {@link #resolveDirectory(Path)} finds the complete
 * copy if a crash happened between those renames.
 */
public final class AtomicFiles {

    private static final String TMP_SUFFIX = ".tmp";
    private static final String OLD_SUFFIX = ".old";

    private AtomicFiles() {}

    /** Writes to a stream; may throw {@link IOException}. */
    @FunctionalInterface
    public interface StreamWriter {
        /**
         * Writes the content.
         *
         * @param out the stream to write to; do not close it
         * @throws IOException if writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /** Fills a directory; may throw {@link IOException}. */
    @FunctionalInterface
    public interface DirectoryWriter {
        /**
         * Writes the files of the directory.
         *
         * @param dir an empty directory to fill
         * @throws IOException if writing fails
         */
        void write(Path dir) throws IOException;
    }

    /**
     * Writes {@code text} (UTF-8) to {@code target} atomically.
     *
     * @param target the file to create or replace
     * @param text the content
     * @throws IOException if writing or renaming fails; {@code target} is then unchanged
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes {@code bytes} to {@code target} atomically.
     *
     * @param target the file to create or replace
     * @param bytes the content
     * @throws IOException if writing or renaming fails; {@code target} is then unchanged
     */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes {@code target} atomically from a stream writer.
     *
     * @param target the file to create or replace
     * @param writer produces the content
     * @throws IOException if writing or renaming fails; {@code target} is then unchanged
     */
    public static void write(Path target, StreamWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        // Not Files.createTempFile: it makes the file 0600, and a report or mask must keep the
        // permissions any other new file gets (the process umask).
        Path tmp = parent.resolve("." + abs.getFileName() + "." + java.util.UUID.randomUUID() + TMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                    OutputStream out =
                            new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch))) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            move(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Replaces the directory {@code target} with one filled by {@code writer}. The new content is
     * written under {@code <target>.tmp}, the old directory is renamed to {@code <target>.old},
     * the new one renamed to {@code target}, and the old one deleted.
     *
     * @param target the directory to create or replace
     * @param writer fills the new directory
     * @throws IOException if writing fails; {@code target} is then unchanged
     */
    public static void replaceDirectory(Path target, DirectoryWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + TMP_SUFFIX);
        Path old = abs.resolveSibling(abs.getFileName() + OLD_SUFFIX);
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        try {
            writer.write(tmp);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(tmp);
            throw e;
        }
        // A complete copy must exist at every instant: keep .old until the new one is in place.
        if (Files.exists(abs)) {
            deleteRecursively(old);
            move(abs, old);
        }
        move(tmp, abs);
        deleteRecursively(old);
    }

    /**
     * Returns the complete copy of a directory written by {@link #replaceDirectory}: {@code dir}
     * itself, or {@code <dir>.old} if a crash happened between the two renames.
     *
     * @param dir the directory
     * @return the directory to read, which may not exist
     */
    public static Path resolveDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path old = dir.resolveSibling(dir.getFileName() + OLD_SUFFIX);
        return Files.isDirectory(old) ? old : dir;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to + " cannot rename atomically", e);
        }
    }

    /**
     * Deletes a file or a directory tree if it exists.
     *
     * @param path the file or directory
     * @throws IOException if deletion fails
     */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    /**
     * Tells whether {@code dir} holds leftovers of an interrupted write (temporary files).
     *
     * @param dir a directory
     * @return true if a {@code *.tmp} entry is present
     * @throws IOException if the directory cannot be listed
     */
    public static boolean hasLeftovers(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + TMP_SUFFIX)) {
            return ds.iterator().hasNext();
        }
    }
}
