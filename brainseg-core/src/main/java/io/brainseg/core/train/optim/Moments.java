package io.brainseg.core.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/** Creating, encoding and decoding the moment arrays that every optimizer here keeps per weight. */
final class Moments {

    private Moments() {}

    /** Returns {@code count} lists of zero arrays shaped like {@code weights}, on {@code manager}. */
    static NDList[] zeros(NDManager manager, NDList weights, int count) {
        NDList[] lists = new NDList[count];
        for (int k = 0; k < count; k++) {
            lists[k] = new NDList(weights.size());
            for (NDArray w : weights) {
                lists[k].add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            }
        }
        return lists;
    }

    /** Concatenates the lists, first list first, into one encoded {@link NDList}. */
    static byte[] encode(NDList... lists) {
        NDList all = new NDList();
        for (NDList l : lists) {
            all.addAll(l);
        }
        return all.encode();
    }

    /**
     * Decodes {@code count} lists written by {@link #encode} and checks them against the weights.
     *
     * @throws IllegalArgumentException if the bytes do not decode (truncated, corrupt) or the count
     *     or a shape differs from the weights
     */
    static NDList[] decode(NDManager manager, NDList weights, byte[] data, int count, String what) {
        NDList all;
        try {
            all = NDList.decode(manager, data);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the " + what + " state (" + data.length + " bytes) is truncated or corrupt and cannot be decoded: "
                            + e.getMessage(),
                    e);
        }
        int n = weights.size();
        if (all.size() != count * n) {
            all.close();
            throw new IllegalArgumentException(
                    "the " + what + " state holds " + all.size() + " arrays but the model has " + n
                            + " trainable parameters, " + count + " arrays each (" + count * n + ")");
        }
        NDList[] lists = new NDList[count];
        for (int k = 0; k < count; k++) {
            lists[k] = new NDList(n);
            for (int i = 0; i < n; i++) {
                NDArray w = weights.get(i);
                NDArray a = all.get(k * n + i);
                if (!a.getShape().equals(w.getShape()) || a.getDataType() != w.getDataType()) {
                    String message = "the " + what + " state for parameter #" + i + " is " + a.getDataType() + " "
                            + a.getShape() + " but the weight is " + w.getDataType() + " " + w.getShape();
                    all.close();
                    throw new IllegalArgumentException(message);
                }
                NDArray onDevice = a.toDevice(w.getDevice(), false);
                onDevice.attach(manager);
                lists[k].add(onDevice);
            }
        }
        return lists;
    }

    /** Moves an array computed from a long-lived operand onto the step's manager. */
    static NDArray local(NDArray a, NDManager stepManager) {
        a.attach(stepManager);
        return a;
    }
}
