package io.brainseg.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a run directory: a new run starts only in a directory without run content, and one
 * trainer at a time writes to it, enforced by an OS file lock on {@value #LOCK_FILE}.
 *
 * <p>The lock is an advisory {@link FileChannel#tryLock()} lock: the operating system releases it
 * when the process dies (even on {@code kill -9}), so a crashed run never blocks its resume, while
 * two live trainers on one directory cannot both write {@code config.json} and checkpoints. The
 * file holds the holder's PID, host and start time for the message the second trainer gets.
 */
public final class RunDirectory {

    /** The lock file inside a run directory. */
    public static final String LOCK_FILE = "run.lock";

    /**
     * Entries that mark a directory as holding a run: what the trainer and its listeners write,
     * including a crash's leftovers of an atomic directory replacement.
     */
    public static final List<String> RUN_CONTENT = List.of(
            RunConfig.FILE,
            CsvLogger.FILE,
            Checkpoint.BEST,
            Checkpoint.LAST,
            Checkpoint.BEST + ".old",
            Checkpoint.LAST + ".old",
            Checkpoint.BEST + ".tmp",
            Checkpoint.LAST + ".tmp",
            WeightAveraging.Mode.EMA.name().toLowerCase(java.util.Locale.ROOT),
            WeightAveraging.Mode.SWA.name().toLowerCase(java.util.Locale.ROOT),
            "curves.png",
            "predictions",
            "report.html");

    private RunDirectory() {}

    /**
     * Lists the run content in {@code dir}.
     *
     * @param dir a directory (need not exist)
     * @return the names of {@link #RUN_CONTENT} entries present, in that order
     */
    public static List<String> findRunContent(Path dir) {
        List<String> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            for (String name : RUN_CONTENT) {
                if (Files.exists(dir.resolve(name))) {
                    found.add(name);
                }
            }
        }
        return found;
    }

    /**
     * Checks that a new run may start in {@code dir}.
     *
     * @param dir the run directory
     * @throws RunDirectoryException if {@code dir} is a file or holds run content (named)
     */
    public static void checkNew(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunDirectoryException(dir, "run directory " + dir + " is a file, not a directory");
        }
        List<String> found = findRunContent(dir);
        if (!found.isEmpty()) {
            throw new RunDirectoryException(
                    dir,
                    "run directory " + dir + " already holds a run (" + String.join(", ", found)
                            + "); resume it with SegmentationTrainer.resume(dir) or choose a new directory");
        }
    }

    /**
     * Takes the run directory's lock, creating the directory if needed.
     *
     * @param dir the run directory
     * @return the held lock; close it to release
     * @throws RunDirectoryException if another trainer holds it (the message names the holder's PID
     *     and host)
     * @throws UncheckedIOException if the lock file cannot be created
     */
    public static Lock lock(Path dir) {
        Path file = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new RunDirectoryException(
                        dir,
                        "run directory " + dir + " is in use by another trainer ("
                                + (holder.isEmpty() ? "holder unknown" : holder) + "; lock file " + file
                                + "): wait for it to end or choose another directory");
            }
            String me = "PID " + ProcessHandle.current().pid() + " on host " + hostName() + " since " + Instant.now();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new Lock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock run directory " + dir + " (" + file + ")", e);
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "unknown";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the first error is reported
            }
        }
    }

    /** A held run-directory lock; {@link #close()} releases it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        /** Releases the lock (the lock file stays; only the OS lock marks a directory in use). */
        @Override
        public void close() {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel below releases it too
            }
            closeQuietly(channel);
        }
    }
}
