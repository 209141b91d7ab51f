package io.brainseg.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The MONAI golden values vendored into this module's test resources ({@code golden/*.json}), read
 * from the classpath so that every module's parity tests run on a plain clone of the repository.
 *
 * <p>Unlike {@link SharedFiles}, a missing file is an error, never a skipped test: parity is part of
 * the test command's promise, and a skipped parity test would let a broken build look green.
 */
public final class Golden {

    private Golden() {}

    /**
     * Returns the text of {@code golden/<name>}.
     *
     * @param name file name, for example {@code transforms.json}
     * @return the file's UTF-8 text
     * @throws IllegalStateException if the resource is not on the classpath
     */
    public static String read(String name) {
        String resource = "golden/" + name;
        try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + resource + " is not on the test classpath "
                        + "(vendored in brainseg-core/src/test/resources/golden)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + resource, e);
        }
    }
}
