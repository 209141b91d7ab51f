package io.brainseg.models.interop.pickle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Emits protocol-2 pickle opcodes one by one: the small subset a {@code torch.save} state dict
 * consists of (globals, calls, tuples, dicts, strings, integers, booleans, persistent ids). The
 * caller sequences them as Python's pickler would; {@link #toByteArray} returns the stream.
 *
 * <pre>{@code
 * PickleWriter w = new PickleWriter();          // PROTO 2 written
 * w.global("collections", "OrderedDict").emptyTuple().reduce();
 * w.mark().string("key").integer(1).setItems();
 * byte[] pickle = w.stop().toByteArray();       // OrderedDict(key=1)
 * }</pre>
 */
public final class PickleWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a stream with {@code PROTO 2}. */
    public PickleWriter() {
        out.write(0x80);
        out.write(2);
    }

    /**
     * Pushes a global name ({@code GLOBAL}).
     *
     * @param module the module
     * @param name the name
     * @return this writer
     */
    public PickleWriter global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /**
     * Pushes a mark ({@code MARK}).
     *
     * @return this writer
     */
    public PickleWriter mark() {
        out.write('(');
        return this;
    }

    /**
     * Pushes {@code ()} ({@code EMPTY_TUPLE}).
     *
     * @return this writer
     */
    public PickleWriter emptyTuple() {
        out.write(')');
        return this;
    }

    /**
     * Replaces the values above the last mark by their tuple ({@code TUPLE}).
     *
     * @return this writer
     */
    public PickleWriter tupleFromMark() {
        out.write('t');
        return this;
    }

    /**
     * Pushes an empty dict ({@code EMPTY_DICT}).
     *
     * @return this writer
     */
    public PickleWriter emptyDict() {
        out.write('}');
        return this;
    }

    /**
     * Adds the key/value pairs above the last mark to the dict below it ({@code SETITEMS}).
     *
     * @return this writer
     */
    public PickleWriter setItems() {
        out.write('u');
        return this;
    }

    /**
     * Calls the callable below the argument tuple on top ({@code REDUCE}).
     *
     * @return this writer
     */
    public PickleWriter reduce() {
        out.write('R');
        return this;
    }

    /**
     * Replaces the value on top by what the reader's persistent-id handler makes of it
     * ({@code BINPERSID}).
     *
     * @return this writer
     */
    public PickleWriter persistentId() {
        out.write('Q');
        return this;
    }

    /**
     * Pushes a string ({@code BINUNICODE}, UTF-8).
     *
     * @param s the string
     * @return this writer
     */
    public PickleWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        int32(b.length);
        out.writeBytes(b);
        return this;
    }

    /**
     * Pushes an integer ({@code BININT1}, {@code BININT2}, {@code BININT} or {@code LONG1}).
     *
     * @param v the value
     * @return this writer
     */
    public PickleWriter integer(long v) {
        if (v >= 0 && v < 256) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v < 65536) {
            out.write('M');
            out.write((int) (v & 0xff));
            out.write((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            int32((int) v);
        } else {
            out.write(0x8a);
            out.write(8);
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)) & 0xff);
            }
        }
        return this;
    }

    /**
     * Pushes a boolean ({@code NEWTRUE} / {@code NEWFALSE}).
     *
     * @param v the value
     * @return this writer
     */
    public PickleWriter bool(boolean v) {
        out.write(v ? 0x88 : 0x89);
        return this;
    }

    /**
     * Ends the stream ({@code STOP}).
     *
     * @return this writer
     */
    public PickleWriter stop() {
        out.write('.');
        return this;
    }

    /**
     * Returns the bytes written so far.
     *
     * @return the pickle stream
     */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void int32(int v) {
        for (int i = 0; i < 4; i++) {
            out.write((v >>> (8 * i)) & 0xff);
        }
    }
}
