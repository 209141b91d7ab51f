package io.brainseg.core.train;

import java.nio.file.Path;

/**
 * A second process for {@link RunDirectoryTest}: takes a run directory's lock, prints
 * {@code locked …}, and holds it until its standard input closes.
 */
public final class LockHolderMain {

    private LockHolderMain() {}

    /**
     * Holds the lock of {@code args[0]}.
     *
     * @param args the run directory
     * @throws Exception if reading stdin fails
     */
    public static void main(String[] args) throws Exception {
        try (RunDirectory.Lock lock = RunDirectory.lock(Path.of(args[0]))) {
            System.out.println("locked " + lock.getClass().getSimpleName());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
