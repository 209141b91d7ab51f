package io.brainseg.models.interop.pickle;

/**
 * A pickle stream was refused: an opcode outside the supported set, a global name outside the
 * allow-list, malformed or truncated data. The message names the problem and the byte offset.
 */
public class PickleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused and where
     */
    public PickleException(String message) {
        super(message);
    }
}
