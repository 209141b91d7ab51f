package io.brainseg.serve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads the slices of one patient from an uploaded zip (a {@code kaggle_3m} patient folder zipped as
 * is), defending against hostile archives.
 *
 * <ul>
 *   <li>Entry names are checked before anything else: absolute paths, drive letters, backslashes
 *       and {@code ..} segments are refused (422 {@code zip-path-traversal}), even though nothing is
 *       written to disk, since a name is echoed back in the masks zip.</li>
 *   <li>At most {@code maxEntries} entries (413 {@code zip-too-many-entries}), counted as they are
 *       read.</li>
 *   <li>At most {@code maxTotalBytes} inflated bytes over all entries (413 {@code zip-too-large}),
 *       counted on the bytes actually inflated — never on the sizes the archive declares, which a
 *       zip bomb lies about — so decompression stops as soon as the limit is passed.</li>
 * </ul>
 * Only slice files are kept: {@code *.tif}, {@code *.tiff}, {@code *.png} other than
 * {@code *_mask.*}; other entries (masks, {@code data.csv}, {@code README}) are skipped after
 * counting. All slices must sit in one folder (422 {@code multiple-patients}).
 */
final class PatientArchive {

    /**
     * One slice file from an upload.
     *
     * @param name the file name without folders
     * @param bytes the file's bytes
     */
    record Entry(String name, byte[] bytes) {}

    private PatientArchive() {}

    /**
     * Reads the slices of a zip.
     *
     * @param zip the archive's bytes
     * @param maxEntries the largest number of entries
     * @param maxTotalBytes the largest number of inflated bytes over all entries
     * @return the slice files in zip order
     * @throws ProblemException on any refusal listed in the class comment, or 400 for a corrupt zip
     */
    static List<Entry> read(byte[] zip, int maxEntries, long maxTotalBytes) {
        List<Entry> out = new ArrayList<>();
        String folder = null;
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries++;
                if (entries > maxEntries) {
                    throw new ProblemException(
                            413,
                            "zip-too-many-entries",
                            "Too many zip entries",
                            "the zip holds more than the limit of " + maxEntries + " entries");
                }
                String name = checkName(e.getName());
                if (e.isDirectory()) {
                    continue;
                }
                byte[] bytes = BoundedBody.readCounting(in, maxTotalBytes - total);
                if (bytes == null) {
                    throw new ProblemException(
                            413,
                            "zip-too-large",
                            "Zip inflates too large",
                            "the zip's entries inflate to more than the limit of " + maxTotalBytes + " bytes (at entry "
                                    + name + ")");
                }
                total += bytes.length;
                int slash = name.lastIndexOf('/');
                String file = name.substring(slash + 1);
                if (!isSlice(file)) {
                    continue;
                }
                String dir = slash < 0 ? "" : name.substring(0, slash);
                if (folder == null) {
                    folder = dir;
                } else if (!folder.equals(dir)) {
                    throw new ProblemException(
                            422,
                            "multiple-patients",
                            "More than one patient",
                            "the zip holds slices in '" + folder + "' and in '" + dir
                                    + "'; send one patient folder per request");
                }
                out.add(new Entry(file, bytes));
            }
        } catch (ZipException ex) {
            throw new ProblemException(
                    new Problem(
                            400, "corrupt-zip", "Corrupt zip", "the body is not a readable zip: " + ex.getMessage()),
                    0,
                    ex);
        } catch (IOException ex) {
            throw new ProblemException(
                    new Problem(400, "corrupt-zip", "Corrupt zip", "the zip cannot be read: " + ex.getMessage()),
                    0,
                    ex);
        }
        if (entries == 0) {
            throw new ProblemException(400, "corrupt-zip", "Corrupt zip", "the body is not a zip or holds no entry");
        }
        return out;
    }

    /**
     * Refuses names that would leave the folder they are unpacked into.
     *
     * @param name an entry name
     * @return the name
     * @throws ProblemException 422 {@code zip-path-traversal}
     */
    static String checkName(String name) {
        boolean bad = name.isEmpty()
                || name.startsWith("/")
                || name.contains("\\")
                || name.contains("\0")
                || (name.length() > 1 && name.charAt(1) == ':');
        for (String part : name.split("/", -1)) {
            bad |= part.equals("..");
        }
        if (bad) {
            throw new ProblemException(
                    422,
                    "zip-path-traversal",
                    "Unsafe zip entry name",
                    "the zip entry name '" + name.replace("\0", "\\0")
                            + "' is absolute or leaves its folder (.., /, \\ or a drive letter)");
        }
        return name;
    }

    /**
     * Tells whether a file name is a slice: an image that is not a mask.
     *
     * @param file the name without folders
     * @return true for a slice
     */
    static boolean isSlice(String file) {
        String n = file.toLowerCase(Locale.ROOT);
        if (n.startsWith(".") || SliceDecoder.formatOfName(n) == null) {
            return false;
        }
        String stem = n.substring(0, n.lastIndexOf('.'));
        return !stem.endsWith("_mask");
    }
}
