package io.brainseg.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a request body into memory without ever holding more than the limit: a body announced (or
 * turning out) larger than {@code limit} bytes is refused with 413 as soon as the limit is passed,
 * whatever its {@code Content-Length} claimed.
 */
final class BoundedBody {

    private BoundedBody() {}

    /**
     * Reads at most {@code limit} bytes.
     *
     * @param in the body
     * @param limit the largest accepted size in bytes
     * @param what what is read, for the message ("request body", "zip entry x.tif")
     * @return the bytes
     * @throws ProblemException 413 {@code body-too-large} when the stream holds more
     */
    static byte[] read(InputStream in, long limit, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 16));
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw tooLarge(what, limit);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what, e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a stream to its end unless it holds more than {@code budget} bytes.
     *
     * @param in the stream (a zip entry)
     * @param budget the bytes still allowed
     * @return the bytes, or null as soon as more than {@code budget} were read
     * @throws IOException if reading fails
     */
    static byte[] readCounting(InputStream in, long budget) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > budget) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * The refusal of a body over the limit.
     *
     * @param what what was read
     * @param limit the limit in bytes
     * @return the exception
     */
    static ProblemException tooLarge(String what, long limit) {
        return new ProblemException(
                413,
                "body-too-large",
                "Content too large",
                "the " + what + " is larger than the limit of " + limit + " bytes");
    }
}
