package io.brainseg.models.interop.torch;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.models.interop.pickle.PickleWriter;
import io.brainseg.models.interop.tensor.StateDict;
import io.brainseg.models.interop.tensor.TensorTypes;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@link StateDict} the way {@code torch.save(model.state_dict(), f)} does, so that
 * {@code torch.load(f)} (also with {@code weights_only=True}) returns an {@code OrderedDict} of
 * tensors with the same names, shapes and dtypes.
 *
 * <p>Archive {@code archive/}: {@code data.pkl} (protocol 2: an {@code OrderedDict} whose values
 * are {@code torch._utils._rebuild_tensor_v2(persistent storage id, 0, size, contiguous stride,
 * False, OrderedDict())}), one storage per tensor {@code data/0, data/1, …} (raw little-endian),
 * {@code byteorder} ({@code little}) and {@code version} ({@code 3}). Entries are stored
 * uncompressed with their data aligned to 64 bytes, as PyTorch writes them (its loader can then
 * map them). The file is written atomically.
 */
public final class TorchZipWriter {

    /** Data of every entry starts at a multiple of this, as in PyTorch's own files. */
    static final int ALIGNMENT = 64;

    private static final String ARCHIVE = "archive/";
    /** 2020-01-01, inside the DOS date range, so no extended-time extra field is written. */
    private static final long TIME = 1577836800000L;

    private TorchZipWriter() {}

    /**
     * Writes a file.
     *
     * @param stateDict the tensors
     * @param file the target, replaced atomically
     * @throws IOException if writing fails (the previous file, if any, is then intact)
     * @throws IllegalArgumentException if a tensor's type has no torch storage class
     */
    public static void write(StateDict stateDict, Path file) throws IOException {
        AtomicFiles.writeBytes(file, toBytes(stateDict));
    }

    /**
     * Encodes a state dict as a {@code torch.save} zip archive.
     *
     * @param stateDict the tensors
     * @return the file's bytes
     */
    public static byte[] toBytes(StateDict stateDict) {
        PickleWriter p = new PickleWriter();
        p.global("collections", "OrderedDict").emptyTuple().reduce().mark();
        List<byte[]> storages = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : stateDict.asMap().entrySet()) {
            NDArray a = e.getValue();
            long[] shape = a.getShape().getShape();
            p.string(e.getKey());
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.mark();
            p.mark()
                    .string("storage")
                    .global("torch", TensorTypes.toTorchStorage(a.getDataType()))
                    .string(Integer.toString(storages.size()))
                    .string("cpu")
                    .integer(a.getShape().size())
                    .tupleFromMark()
                    .persistentId();
            p.integer(0);
            p.mark();
            for (long d : shape) {
                p.integer(d);
            }
            p.tupleFromMark();
            p.mark();
            long stride = 1;
            long[] strides = new long[shape.length];
            for (int i = shape.length - 1; i >= 0; i--) {
                strides[i] = stride;
                stride *= shape[i];
            }
            for (long s : strides) {
                p.integer(s);
            }
            p.tupleFromMark();
            p.bool(false);
            p.global("collections", "OrderedDict").emptyTuple().reduce();
            p.tupleFromMark().reduce();
            storages.add(TensorTypes.toLittleEndian(a));
        }
        p.setItems().stop();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Counting counting = new Counting(bytes);
                ZipOutputStream zip = new ZipOutputStream(counting)) {
            put(zip, counting, "data.pkl", p.toByteArray());
            put(zip, counting, "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < storages.size(); i++) {
                put(zip, counting, "data/" + i, storages.get(i));
            }
            put(zip, counting, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Adds a stored entry whose data starts at a multiple of {@link #ALIGNMENT}. */
    private static void put(ZipOutputStream zip, Counting counting, String name, byte[] data) throws IOException {
        String full = ARCHIVE + name;
        ZipEntry e = new ZipEntry(full);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(TIME);
        // Local header: 30 bytes, the name, then the extra field, which pads the data to the alignment.
        long headerEnd = counting.count + 30 + full.getBytes(StandardCharsets.UTF_8).length + 4;
        int pad = (int) ((ALIGNMENT - headerEnd % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[4 + pad];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) (pad & 0xff);
        extra[3] = (byte) (pad >>> 8);
        e.setExtra(extra);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** Counts the bytes written, to place the local headers. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
