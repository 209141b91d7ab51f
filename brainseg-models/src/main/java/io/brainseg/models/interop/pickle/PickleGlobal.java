package io.brainseg.models.interop.pickle;

import java.util.List;

/**
 * What an allowed global name stands for while unpickling: Java code written for that name, called
 * with the arguments the stream supplies (its {@code REDUCE} or {@code NEWOBJ} tuple). The name
 * itself is never looked up or executed.
 */
@FunctionalInterface
public interface PickleGlobal {

    /**
     * Builds the value the global's call stands for.
     *
     * @param args the call's arguments, already unpickled (maps, lists, numbers, strings, results
     *     of other globals)
     * @return the value pushed on the unpickler's stack
     * @throws PickleException if the arguments do not have the expected form
     */
    Object call(List<Object> args);
}
