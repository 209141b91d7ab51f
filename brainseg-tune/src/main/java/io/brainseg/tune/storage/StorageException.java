package io.brainseg.tune.storage;

/** A study storage operation failed (connection, migration or SQL error); the message names the database. */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and where
     * @param cause the driver's exception
     */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
