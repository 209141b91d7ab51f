package io.brainseg.core.train;

import java.nio.file.Path;

/**
 * A run directory cannot be used: it already holds another run's content, or another trainer
 * (this process or another) is writing to it. The message names the directory and what was found.
 */
public class RunDirectoryException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    /**
     * Creates the exception.
     *
     * @param directory the run directory
     * @param message what is wrong, including the directory
     */
    public RunDirectoryException(Path directory, String message) {
        super(message);
        this.directory = directory;
    }

    /**
     * Returns the run directory.
     *
     * @return the directory
     */
    public Path getDirectory() {
        return directory;
    }
}
