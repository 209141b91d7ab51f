package io.brainseg.benchmarks.train;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The memory of this process at one training step, in MiB: resident set size (from
 * {@code /proc/self/status}, Linux), Java heap used and committed, JVM non-heap committed, NIO direct
 * buffers, and the remainder {@code native = RSS − heap committed − non-heap committed − direct}:
 * what libtorch (and glibc's allocator on its behalf) holds, which the garbage collector never frees.
 *
 * @param step the training step (1-based count of steps run)
 * @param seconds wall seconds since the run started
 * @param rssMb resident set size
 * @param heapUsedMb Java heap in use after a collection
 * @param heapCommittedMb Java heap committed
 * @param nonHeapMb JVM non-heap committed (metaspace, code cache, ...)
 * @param directMb NIO direct buffers
 * @param nativeMb the remainder, mostly libtorch
 */
record MemorySample(
        long step,
        double seconds,
        double rssMb,
        double heapUsedMb,
        double heapCommittedMb,
        double nonHeapMb,
        double directMb,
        double nativeMb) {

    static final String CSV_HEADER =
            "step,seconds,rss_mb,heap_used_mb,heap_committed_mb,non_heap_mb,direct_mb,native_mb";

    private static final double MB = 1024.0 * 1024.0;

    /**
     * Samples the memory now; collects garbage first so that heap figures are what is retained.
     *
     * @param step the steps run so far
     * @param seconds wall seconds so far
     * @return the sample
     */
    static MemorySample take(long step, double seconds) {
        System.gc();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        double heapUsed = mem.getHeapMemoryUsage().getUsed() / MB;
        double heapCommitted = mem.getHeapMemoryUsage().getCommitted() / MB;
        double nonHeap = mem.getNonHeapMemoryUsage().getCommitted() / MB;
        double direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct = pool.getMemoryUsed() / MB;
            }
        }
        double rss = readRssMb();
        return new MemorySample(
                step, seconds, rss, heapUsed, heapCommitted, nonHeap, direct, rss - heapCommitted - nonHeap - direct);
    }

    /** VmRSS of {@code /proc/self/status} in MiB, or NaN where there is no such file. */
    static double readRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    String toCsv() {
        return String.format(
                Locale.ROOT,
                "%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f",
                step,
                seconds,
                rssMb,
                heapUsedMb,
                heapCommittedMb,
                nonHeapMb,
                directMb,
                nativeMb);
    }
}
