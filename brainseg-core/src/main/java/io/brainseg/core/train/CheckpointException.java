package io.brainseg.core.train;

import java.nio.file.Path;

/**
 * A checkpoint file is missing, truncated, corrupt or does not match what reads it. The message
 * names the file and the problem; {@link #getFile()} gives the file.
 *
 * <p>It extends {@link IllegalArgumentException} because the cause is an input the caller chose
 * (a run or checkpoint directory), not a bug: command lines report it in one line.
 */
public class CheckpointException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file the file at fault
     * @param problem what is wrong with it
     */
    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file at fault
     * @param problem what is wrong with it
     * @param cause the underlying error
     */
    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /**
     * Returns the file at fault.
     *
     * @return the file
     */
    public Path getFile() {
        return file;
    }
}
