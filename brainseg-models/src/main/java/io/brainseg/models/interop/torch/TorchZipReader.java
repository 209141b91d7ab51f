package io.brainseg.models.interop.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.models.interop.pickle.GlobalRef;
import io.brainseg.models.interop.pickle.PickleException;
import io.brainseg.models.interop.pickle.RestrictedUnpickler;
import io.brainseg.models.interop.tensor.StateDict;
import io.brainseg.models.interop.tensor.TensorTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a {@code torch.save} zip file ({@code .pt}, {@code .pth}, {@code .ckpt}) without running
 * anything from it.
 *
 * <p>{@code data.pkl} is read by a {@link RestrictedUnpickler} that allows only these globals:
 * {@code collections.OrderedDict}; {@code torch._utils._rebuild_tensor_v2} and
 * {@code _rebuild_parameter} (built here in Java from the storage, offset, size and stride);
 * the {@code torch.*Storage} classes as values inside persistent ids; and Lightning's
 * {@code AttributeDict} (read as a plain map). Any other global, such as {@code os.system} or the
 * class of a whole pickled module, is refused by name. Storages are read from
 * {@code data/KEY} with their size checked against the element count the pickle states; tensors
 * are checked to lie inside their storage; big-endian files ({@code byteorder}) are converted.
 */
public final class TorchZipReader {

    /** {@code data.pkl} larger than this is refused. */
    static final long MAX_PICKLE = 256L << 20;

    private static final Pattern STORAGE_KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private TorchZipReader() {}

    /**
     * Reads the object a {@code torch.save} file holds.
     *
     * @param file the file
     * @param manager receives the tensors (the caller closes it)
     * @return maps, lists, numbers, strings and NDArrays as {@link RestrictedUnpickler} builds them
     * @throws IllegalArgumentException naming the file and the problem (not a zip, truncated, a
     *     refused global, a storage too short, …)
     * @throws IOException if the file cannot be read
     */
    public static Object load(Path file, NDManager manager) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IllegalArgumentException(
                    file + " is not a readable torch.save zip archive (truncated, "
                            + "corrupt, or saved with _use_new_zipfile_serialization=False, which is not supported): "
                            + e.getMessage(),
                    e);
        }
        try (zip) {
            return new Archive(file, zip, manager).load();
        } catch (PickleException e) {
            throw new IllegalArgumentException(file + ": data.pkl refused: " + e.getMessage(), e);
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + " is a corrupt zip archive: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the state dict a {@code torch.save} file holds: the file's object itself when it is a
     * dict of tensors ({@code torch.save(model.state_dict(), f)}), or its {@code state_dict} entry
     * (a Lightning checkpoint, keys still carrying the LightningModule attribute's prefix).
     *
     * @param file the file
     * @param manager receives the tensors
     * @return the tensors in the file's order
     * @throws IllegalArgumentException naming the file if it holds neither form
     * @throws IOException if the file cannot be read
     */
    public static StateDict readStateDict(Path file, NDManager manager) throws IOException {
        Object root = load(file, manager);
        if (root instanceof Map<?, ?> m && m.get("state_dict") instanceof Map<?, ?> sd) {
            return toStateDict(file, sd, "its 'state_dict' entry");
        }
        if (root instanceof Map<?, ?> m) {
            return toStateDict(file, m, "the saved dict");
        }
        throw new IllegalArgumentException(
                file + " holds a " + (root == null ? "None" : root.getClass().getSimpleName())
                        + ", not a state dict; save model.state_dict() (or a Lightning checkpoint) instead");
    }

    private static StateDict toStateDict(Path file, Map<?, ?> map, String what) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof NDArray a)) {
                throw new IllegalArgumentException(file + ": " + what + " is not a state dict: entry '" + e.getKey()
                        + "' holds "
                        + (e.getValue() == null
                                ? "None"
                                : e.getValue().getClass().getSimpleName())
                        + " instead of a tensor");
            }
            out.put(key, a);
        }
        return new StateDict(out);
    }

    /** A storage named by a persistent id: {@code ('storage', torch.FloatStorage, key, location, numel)}. */
    private record Storage(String key, DataType type, long numel) {}

    /** One archive being read. */
    private static final class Archive {
        private final Path file;
        private final ZipFile zip;
        private final NDManager manager;
        private final Map<String, byte[]> storages = new HashMap<>();
        private String prefix;
        private boolean bigEndian;

        Archive(Path file, ZipFile zip, NDManager manager) {
            this.file = file;
            this.zip = zip;
            this.manager = manager;
        }

        Object load() throws IOException {
            List<String> pickles = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                    pickles.add(name);
                }
            }
            if (pickles.size() != 1) {
                throw new IllegalArgumentException(
                        file + " is not a torch.save archive: expected one ARCHIVE/data.pkl, " + "found " + pickles);
            }
            prefix = pickles.get(0).substring(0, pickles.get(0).length() - "data.pkl".length());
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null) {
                String bo = new String(readEntry(order, 16, "byteorder"), StandardCharsets.US_ASCII).trim();
                if (!bo.equals("little") && !bo.equals("big")) {
                    throw new IllegalArgumentException(file + ": byteorder is '" + bo + "', expected little or big");
                }
                bigEndian = bo.equals("big");
            }
            byte[] pickle = readEntry(zip.getEntry(pickles.get(0)), MAX_PICKLE, "data.pkl");
            return unpickler().load(pickle);
        }

        private RestrictedUnpickler unpickler() {
            RestrictedUnpickler.Builder b = RestrictedUnpickler.builder()
                    .addGlobal("collections", "OrderedDict", args -> {
                        if (!args.isEmpty()) {
                            throw new PickleException("expected no arguments, got " + args.size());
                        }
                        return new LinkedHashMap<>();
                    })
                    .addGlobal("torch._utils", "_rebuild_tensor_v2", args -> {
                        try {
                            return rebuildTensor(args);
                        } catch (ArithmeticException e) {
                            throw new PickleException("tensor size, stride or offset overflows: " + args);
                        }
                    })
                    .addGlobal("torch._utils", "_rebuild_parameter", args -> {
                        if (args.size() < 1 || !(args.get(0) instanceof NDArray)) {
                            throw new PickleException("expected (tensor, requires_grad, hooks), got " + args);
                        }
                        return args.get(0);
                    })
                    .addGlobal("pytorch_lightning.utilities.parsing", "AttributeDict", args -> new LinkedHashMap<>())
                    .addGlobal("lightning.fabric.utilities.data", "AttributeDict", args -> new LinkedHashMap<>())
                    .optPersistentLoad(this::persistentLoad);
            for (String storage : TensorTypes.torchStorageNames()) {
                b.addGlobal("torch", storage, null);
            }
            return b.build();
        }

        private Object persistentLoad(Object pid) {
            if (!(pid instanceof List<?> t)
                    || t.size() != 5
                    || !"storage".equals(t.get(0))
                    || !(t.get(1) instanceof GlobalRef type)
                    || !(t.get(2) instanceof String key)
                    || !(t.get(4) instanceof Long numel)) {
                throw new PickleException(
                        "persistent id " + pid + " is not ('storage', torch.<Type>Storage, key, location, numel)");
            }
            if (!STORAGE_KEY.matcher(key).matches() || numel < 0) {
                throw new PickleException("persistent id " + pid + " has an invalid storage key or size");
            }
            DataType dtype = type.module().equals("torch") ? TensorTypes.fromTorchStorage(type.name()) : null;
            if (dtype == null) {
                throw new PickleException("persistent id " + pid + " names '" + type.qualifiedName()
                        + "', which is not a torch storage class");
            }
            return new Storage(key, dtype, numel);
        }

        private Object rebuildTensor(List<Object> args) {
            if (args.size() < 4
                    || !(args.get(0) instanceof Storage storage)
                    || !(args.get(1) instanceof Long offset)
                    || !(args.get(2) instanceof List<?> size)
                    || !(args.get(3) instanceof List<?> stride)
                    || size.size() != stride.size()) {
                throw new PickleException("expected (storage, offset, size, stride, …), got " + args);
            }
            long[] dims = longs(size, "size");
            long[] steps = longs(stride, "stride");
            long elements = 1;
            long last = offset;
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] < 0 || steps[i] < 0) {
                    throw new PickleException(
                            "storage " + storage.key() + ": negative size or stride " + size + " " + stride);
                }
                elements = Math.multiplyExact(elements, dims[i]);
                if (dims[i] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(dims[i] - 1, steps[i]));
                }
            }
            if (offset < 0 || (elements > 0 && last >= storage.numel())) {
                throw new PickleException("a tensor of size " + size + ", stride " + stride + ", offset " + offset
                        + " reaches element " + last + " of storage " + storage.key() + ", which holds "
                        + storage.numel());
            }
            byte[] data = storageBytes(storage);
            int w = storage.type().getNumOfBytes();
            if (isContiguous(dims, steps)) {
                return TensorTypes.create(manager, data, Math.toIntExact(offset * w), storage.type(), new Shape(dims));
            }
            byte[] dense = new byte[Math.toIntExact(elements * w)];
            long[] idx = new long[dims.length];
            for (long e = 0; e < elements; e++) {
                long pos = offset;
                for (int i = 0; i < dims.length; i++) {
                    pos += idx[i] * steps[i];
                }
                System.arraycopy(data, (int) (pos * w), dense, (int) (e * w), w);
                for (int i = dims.length - 1; i >= 0; i--) {
                    if (++idx[i] < dims[i]) {
                        break;
                    }
                    idx[i] = 0;
                }
            }
            return TensorTypes.create(manager, dense, 0, storage.type(), new Shape(dims));
        }

        private byte[] storageBytes(Storage s) {
            byte[] cached = storages.get(s.key());
            if (cached != null) {
                return cached;
            }
            String name = prefix + "data/" + s.key();
            if (s.numel() > (Integer.MAX_VALUE - 64) / s.type().getNumOfBytes()) {
                throw new PickleException("storage " + name + " of " + s.numel() + " elements is larger than the 2 GiB "
                        + "a single storage may have here");
            }
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                throw new PickleException("storage " + name + " is missing from the archive");
            }
            long expected = s.numel() * s.type().getNumOfBytes();
            if (entry.getSize() != expected) {
                throw new PickleException("storage " + name + " holds " + entry.getSize() + " bytes, but the pickle "
                        + "states " + s.numel() + " " + s.type() + " elements (" + expected + " bytes)");
            }
            byte[] bytes;
            try {
                bytes = readEntry(entry, expected, name);
            } catch (IOException e) {
                throw new PickleException("cannot read storage " + name + ": " + e.getMessage());
            }
            if (bigEndian) {
                int w = s.type().getNumOfBytes();
                for (int i = 0; i < bytes.length; i += w) {
                    for (int a = i, b = i + w - 1; a < b; a++, b--) {
                        byte t = bytes[a];
                        bytes[a] = bytes[b];
                        bytes[b] = t;
                    }
                }
            }
            storages.put(s.key(), bytes);
            return bytes;
        }

        private byte[] readEntry(ZipEntry entry, long max, String what) throws IOException {
            if (entry.getSize() < 0 || entry.getSize() > max) {
                throw new IllegalArgumentException(
                        file + ": " + what + " has " + entry.getSize() + " bytes, more than the " + max + " accepted");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                byte[] b = in.readNBytes((int) entry.getSize());
                if (b.length != entry.getSize() || in.read() != -1) {
                    throw new ZipException(what + " does not hold the " + entry.getSize() + " bytes its header states");
                }
                return b;
            }
        }
    }

    /** Row-major strides (size-1 dimensions may have any stride). */
    private static boolean isContiguous(long[] dims, long[] steps) {
        long expected = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            if (dims[i] != 1 && steps[i] != expected) {
                return false;
            }
            expected *= dims[i];
        }
        return true;
    }

    private static long[] longs(List<?> values, String what) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(values.get(i) instanceof Long v)) {
                throw new PickleException(what + " " + values + " is not a tuple of integers");
            }
            out[i] = v;
        }
        return out;
    }
}
