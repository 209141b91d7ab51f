package io.brainseg.models.interop.pickle;

/**
 * An allowed global name as it sits on the unpickler's stack before it is called; a persistent
 * id may also hold one as a plain value (PyTorch names a storage's type this way).
 *
 * @param module the Python module, e.g. {@code torch}
 * @param name the name in the module, e.g. {@code FloatStorage}
 * @param function the Java code standing for a call, or null if the name may not be called
 */
public record GlobalRef(String module, String name, PickleGlobal function) {

    /**
     * Returns the dotted name.
     *
     * @return {@code module.name}
     */
    public String qualifiedName() {
        return module + "." + name;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
