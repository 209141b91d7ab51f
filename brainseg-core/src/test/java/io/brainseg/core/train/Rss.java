package io.brainseg.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's resident set size from {@code /proc/self/status} (Linux). */
final class Rss {

    private Rss() {}

    /** Collects garbage first, so Java heap churn does not pass for native growth. */
    static long kibAfterGc() {
        System.gc();
        System.gc();
        return kib();
    }

    static long kib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no VmRSS line in /proc/self/status");
    }
}
