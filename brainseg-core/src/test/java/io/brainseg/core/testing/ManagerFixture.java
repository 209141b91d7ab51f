package io.brainseg.core.testing;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One base {@link NDManager} per test class, opened before its first test and closed after its
 * last, so that every NDArray a test makes is freed even when the test fails (the GC never frees
 * native memory). Register it as a static field and ask it for the manager:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ManagerFixture MANAGER = new ManagerFixture();
 * ...
 * try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 4, 48, 48, 1)) { ... }
 * }</pre>
 *
 * <p>Arrays a test keeps beyond one test method pile up in this manager until the class ends;
 * tests that make many close their own sub-manager or batch.
 */
public final class ManagerFixture implements BeforeAllCallback, AfterAllCallback {

    private NDManager manager;

    /** Makes a fixture; its manager opens when the test class starts. */
    public ManagerFixture() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        manager = NDManager.newBaseManager();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    /**
     * Returns the test class's manager.
     *
     * @return the open manager
     * @throws IllegalStateException if called outside the test class's lifetime
     */
    public NDManager get() {
        if (manager == null) {
            throw new IllegalStateException("ManagerFixture is used outside its test class: register it "
                    + "with @RegisterExtension on a static field");
        }
        return manager;
    }
}
