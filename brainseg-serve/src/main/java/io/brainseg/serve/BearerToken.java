package io.brainseg.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The optional shared secret of {@code Authorization: Bearer <token>}. The presented value and the
 * token are both hashed with SHA-256 and compared with {@link MessageDigest#isEqual}, which takes the
 * same time wherever they differ, so neither the token's characters nor its length leak through
 * response times.
 */
final class BearerToken {

    /** Tokens shorter than this are refused: they can be guessed. */
    static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    /**
     * Reads a token file (its first line, trimmed).
     *
     * @param file the file
     * @return the token
     * @throws IllegalArgumentException if the file is empty or the token shorter than {@value #MIN_LENGTH}
     * @throws UncheckedIOException if it cannot be read
     */
    static BearerToken fromFile(Path file) {
        String token;
        try {
            token = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .findFirst()
                    .orElse("")
                    .trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file, e);
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("token file " + file + " holds a token of " + token.length()
                    + " characters; at least " + MIN_LENGTH + " are required");
        }
        return new BearerToken(token);
    }

    /**
     * Tells whether an {@code Authorization} header carries the token.
     *
     * @param header the header value, or null
     * @return true if it is {@code Bearer <token>}
     */
    boolean accepts(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(header.substring(7).trim()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
