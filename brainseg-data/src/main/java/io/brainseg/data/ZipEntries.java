package io.brainseg.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Verifies what was read from a zip entry against the entry's own record: its uncompressed size
 * and its CRC-32. The JDK's zip file system inflates entries without checking their CRC (only
 * {@link java.util.zip.ZipInputStream} does), and a stored (uncompressed) entry has no other check at
 * all, so a flipped byte in an archive would otherwise reach training as a wrong pixel.
 */
final class ZipEntries {

    private ZipEntries() {}

    /**
     * Checks the bytes read from a zip entry.
     *
     * @param entry the entry, a path of a zip file system
     * @param bytes everything read from it
     * @param location the entry's name for messages ({@code archive.zip!/kaggle_3m/...})
     * @throws LggDataException naming the entry if its size or CRC-32 does not match the archive's record
     */
    static void verify(Path entry, byte[] bytes, String location) {
        long expectedCrc;
        long expectedSize;
        try {
            expectedCrc = ((Number) Files.getAttribute(entry, "zip:crc")).longValue();
            expectedSize = ((Number) Files.getAttribute(entry, "zip:size")).longValue();
        } catch (IOException | RuntimeException e) {
            throw new LggDataException(location + ": cannot read the zip entry's CRC and size (" + e + ")", e);
        }
        if (bytes.length != expectedSize) {
            throw new LggDataException(location + ": corrupt zip entry, read " + bytes.length
                    + " bytes but the archive records " + expectedSize);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != expectedCrc) {
            throw new LggDataException(String.format(
                    java.util.Locale.ROOT,
                    "%s: corrupt zip entry, CRC-32 of its content is %08x but the archive records %08x",
                    location,
                    crc.getValue(),
                    expectedCrc));
        }
    }
}
