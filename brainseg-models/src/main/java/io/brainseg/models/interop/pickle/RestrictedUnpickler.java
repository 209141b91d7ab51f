package io.brainseg.models.interop.pickle;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads a pickle stream as data, resolving global names only through an allow-list.
 *
 * <p>Python's own unpickler imports any module and calls any callable a file names, which is how
 * a malicious {@code .pt} file runs {@code os.system}. This one interprets the opcodes
 * {@code torch.save} emits (protocol 2, plus the framing and short-string opcodes of protocol 4)
 * and builds plain Java values:
 * <ul>
 *   <li>{@code None} → null, bools → {@link Boolean}, integers → {@link Long} (or
 *       {@link BigInteger} when they do not fit), floats → {@link Double}, strings →
 *       {@link String}, bytes → {@code byte[]};</li>
 *   <li>lists → {@link ArrayList}, tuples → unmodifiable {@link List}s, dicts →
 *       {@link LinkedHashMap} (insertion order kept, as a state dict's);</li>
 *   <li>a {@code GLOBAL} is looked up in the allow-list given to the builder; a name that is not
 *       there is refused at once with a {@link PickleException} naming it, before anything is
 *       built. An allowed name becomes a {@link GlobalRef}; {@code REDUCE}/{@code NEWOBJ} on it
 *       run the Java {@link PickleGlobal} registered for it, never anything from the file;</li>
 *   <li>persistent ids ({@code BINPERSID}) go to the caller's function (PyTorch's storages).</li>
 * </ul>
 * Every other opcode is refused with its byte value and offset. {@code BUILD} on a dict (the
 * attribute dict PyTorch attaches to a state dict as {@code _metadata}) is accepted and its state
 * dropped.
 */
public final class RestrictedUnpickler {

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    private final Map<String, GlobalRef> globals;
    private final Function<Object, Object> persistentLoad;
    private final int maxDepth;

    private RestrictedUnpickler(Builder b) {
        globals = Map.copyOf(b.globals);
        persistentLoad = b.persistentLoad;
        maxDepth = b.maxDepth;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder with an empty allow-list
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Unpickles one object.
     *
     * @param data the pickle stream
     * @return the object the stream's {@code STOP} returns
     * @throws PickleException naming the opcode, global or problem and its byte offset
     */
    public Object load(byte[] data) {
        return new Run(data).run();
    }

    /** One pass over a stream: its stack, mark stack and memo. */
    private final class Run {
        private final ByteBuffer in;
        private final Deque<Integer> marks = new ArrayDeque<>();
        private final List<Object> stack = new ArrayList<>();
        private final Map<Long, Object> memo = new HashMap<>();
        private int opOffset;

        Run(byte[] data) {
            in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        Object run() {
            try {
                return loop();
            } catch (java.nio.BufferUnderflowException e) {
                throw fail("truncated: the stream ends inside an opcode's argument");
            }
        }

        private Object loop() {
            while (true) {
                opOffset = in.position();
                int op = u8();
                switch (op) {
                    case 0x80 -> { // PROTO
                        int proto = u8();
                        if (proto > 5) {
                            throw fail("pickle protocol " + proto + " is not supported");
                        }
                    }
                    case 0x95 -> skip(8); // FRAME: the frame length is only a read-ahead hint
                    case '.' -> { // STOP
                        if (stack.size() != 1 || !marks.isEmpty()) {
                            throw fail("STOP with " + stack.size() + " values on the stack (expected 1)");
                        }
                        return stack.get(0);
                    }
                    case '(' -> { // MARK
                        if (marks.size() >= maxDepth) {
                            throw fail("nesting deeper than " + maxDepth);
                        }
                        marks.push(stack.size());
                    }
                    case '0' -> pop(); // POP
                    case '1' -> popMark(); // POP_MARK
                    case '2' -> push(peek()); // DUP
                    case 'N' -> push(null);
                    case 0x88 -> push(Boolean.TRUE);
                    case 0x89 -> push(Boolean.FALSE);
                    case 'J' -> push((long) in.getInt()); // BININT
                    case 'K' -> push((long) u8()); // BININT1
                    case 'M' -> push((long) (in.getShort() & 0xffff)); // BININT2
                    case 0x8a -> push(longN(u8())); // LONG1
                    case 0x8b -> push(longN(length(in.getInt()))); // LONG4
                    case 'G' -> push(ByteBuffer.wrap(bytes(8)).getDouble()); // BINFLOAT, big-endian
                    case 'X' -> push(utf8(length(in.getInt()))); // BINUNICODE
                    case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
                    case 0x8d -> push(utf8(length(in.getLong()))); // BINUNICODE8
                    case 'U' -> push(latin1(u8())); // SHORT_BINSTRING
                    case 'T' -> push(latin1(length(in.getInt()))); // BINSTRING
                    case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                    case 'B' -> push(bytes(length(in.getInt()))); // BINBYTES
                    case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                    case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                    case ')' -> push(tuple(List.of())); // EMPTY_TUPLE
                    case 0x8f -> push(new ArrayList<>()); // EMPTY_SET, read as a list
                    case 'd' -> push(dict(popMark())); // DICT
                    case 'l' -> push(new ArrayList<>(popMark())); // LIST
                    case 't' -> push(tuple(popMark())); // TUPLE
                    case 0x85 -> push(tuple(popN(1))); // TUPLE1
                    case 0x86 -> push(tuple(popN(2))); // TUPLE2
                    case 0x87 -> push(tuple(popN(3))); // TUPLE3
                    case 'a' -> { // APPEND
                        Object v = pop();
                        list(peek(), "APPEND").add(v);
                    }
                    case 'e', 0x90 -> { // APPENDS, ADDITEMS
                        List<Object> items = popMark();
                        list(peek(), "APPENDS").addAll(items);
                    }
                    case 's' -> { // SETITEM
                        Object v = pop();
                        Object k = pop();
                        map(peek(), "SETITEM").put(k, v);
                    }
                    case 'u' -> { // SETITEMS
                        List<Object> items = popMark();
                        map(peek(), "SETITEMS").putAll(dict(items));
                    }
                    case 'q' -> memo.put((long) u8(), peek()); // BINPUT
                    case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek()); // LONG_BINPUT
                    case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                    case 'h' -> push(memoGet(u8())); // BINGET
                    case 'j' -> push(memoGet(in.getInt() & 0xffffffffL)); // LONG_BINGET
                    case 'c' -> push(global(line(), line())); // GLOBAL
                    case 0x93 -> { // STACK_GLOBAL
                        Object name = pop();
                        Object module = pop();
                        if (!(module instanceof String m) || !(name instanceof String n)) {
                            throw fail("STACK_GLOBAL needs two strings, got " + module + " and " + name);
                        }
                        push(global(m, n));
                    }
                    case 'R' -> { // REDUCE
                        Object args = pop();
                        push(call(pop(), args, "REDUCE"));
                    }
                    case 0x81 -> { // NEWOBJ
                        Object args = pop();
                        push(call(pop(), args, "NEWOBJ"));
                    }
                    case 'b' -> { // BUILD
                        Object state = pop();
                        Object target = peek();
                        if (!(target instanceof Map<?, ?>) || !(state == null || state instanceof Map<?, ?>)) {
                            throw fail(
                                    "BUILD of " + describe(target) + " with " + describe(state) + " is not supported");
                        }
                    }
                    case 'Q' -> { // BINPERSID
                        Object pid = pop();
                        if (persistentLoad == null) {
                            throw fail("persistent id " + pid + " but no persistent ids are allowed here");
                        }
                        push(persistentLoad.apply(pid));
                    }
                    default -> throw fail(String.format(
                            "opcode 0x%02x (%s) is not supported",
                            op, op >= 0x20 && op < 0x7f ? "'" + (char) op + "'" : "binary"));
                }
            }
        }

        private GlobalRef global(String module, String name) {
            GlobalRef ref = globals.get(module + "." + name);
            if (ref == null) {
                throw fail("refusing global '" + module + "." + name
                        + "': only the names a state dict needs are allowed, and nothing is ever executed");
            }
            return ref;
        }

        private Object call(Object callable, Object args, String opcode) {
            if (!(callable instanceof GlobalRef ref)) {
                throw fail(opcode + " on " + describe(callable) + ", which is not an allowed global");
            }
            if (ref.function() == null) {
                throw fail(opcode + " on '" + ref.qualifiedName() + "', which may appear but not be called");
            }
            if (!(args instanceof List<?> list)) {
                throw fail(opcode + " of '" + ref.qualifiedName() + "' with " + describe(args) + " instead of a tuple");
            }
            try {
                @SuppressWarnings("unchecked")
                List<Object> a = (List<Object>) list;
                return ref.function().call(a);
            } catch (PickleException e) {
                throw fail(ref.qualifiedName() + ": " + e.getMessage());
            }
        }

        private int u8() {
            need(1);
            return in.get() & 0xff;
        }

        private void skip(int n) {
            need(n);
            in.position(in.position() + n);
        }

        private void need(long n) {
            if (n > in.remaining()) {
                throw fail("truncated: " + n + " bytes needed, " + in.remaining() + " left");
            }
        }

        private int length(long n) {
            if (n < 0 || n > in.remaining()) {
                throw fail("length " + n + " exceeds the " + in.remaining() + " bytes left");
            }
            return (int) n;
        }

        private byte[] bytes(int n) {
            need(n);
            byte[] b = new byte[n];
            in.get(b);
            return b;
        }

        private String utf8(int n) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes(n)))
                        .toString();
            } catch (CharacterCodingException e) {
                throw fail("a string is not valid UTF-8");
            }
        }

        private String latin1(int n) {
            return new String(bytes(n), StandardCharsets.ISO_8859_1);
        }

        private String line() {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = u8();
                if (c == '\n') {
                    return sb.toString();
                }
                if (sb.length() > 256) {
                    throw fail("a global name is longer than 256 characters");
                }
                sb.append((char) c);
            }
        }

        private Object longN(int n) {
            byte[] le = bytes(n);
            if (n == 0) {
                return 0L;
            }
            byte[] be = new byte[n];
            for (int i = 0; i < n; i++) {
                be[i] = le[n - 1 - i];
            }
            BigInteger v = new BigInteger(be);
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        }

        private void push(Object o) {
            stack.add(o);
        }

        private Object pop() {
            int floor = marks.isEmpty() ? 0 : marks.peek();
            if (stack.size() <= floor) {
                throw fail("stack underflow");
            }
            return stack.remove(stack.size() - 1);
        }

        private Object peek() {
            int floor = marks.isEmpty() ? 0 : marks.peek();
            if (stack.size() <= floor) {
                throw fail("stack underflow");
            }
            return stack.get(stack.size() - 1);
        }

        private List<Object> popN(int n) {
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(0, pop());
            }
            return out;
        }

        private List<Object> popMark() {
            if (marks.isEmpty()) {
                throw fail("no MARK to pop to");
            }
            int from = marks.pop();
            List<Object> top = stack.subList(from, stack.size());
            List<Object> items = new ArrayList<>(top);
            top.clear();
            return items;
        }

        private Object memoGet(long index) {
            if (!memo.containsKey(index)) {
                throw fail("memo entry " + index + " was never stored");
            }
            return memo.get(index);
        }

        private Map<Object, Object> dict(List<Object> items) {
            if (items.size() % 2 != 0) {
                throw fail("odd number of items (" + items.size() + ") for a dict");
            }
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i += 2) {
                m.put(items.get(i), items.get(i + 1));
            }
            return m;
        }

        @SuppressWarnings("unchecked")
        private List<Object> list(Object o, String opcode) {
            if (o instanceof ArrayList<?> l) {
                return (List<Object>) l;
            }
            throw fail(opcode + " on " + describe(o) + " instead of a list");
        }

        @SuppressWarnings("unchecked")
        private Map<Object, Object> map(Object o, String opcode) {
            if (o instanceof Map<?, ?> m) {
                return (Map<Object, Object>) m;
            }
            throw fail(opcode + " on " + describe(o) + " instead of a dict");
        }

        private PickleException fail(String message) {
            return new PickleException(message + " (pickle byte offset " + opOffset + ")");
        }
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    private static String describe(Object o) {
        return o == null
                ? "None"
                : o instanceof GlobalRef g
                        ? "'" + g.qualifiedName() + "'"
                        : o.getClass().getSimpleName();
    }

    /** Builds a {@link RestrictedUnpickler}: the allow-list and the persistent-id handler. */
    public static final class Builder {
        private final Map<String, GlobalRef> globals = new HashMap<>();
        private Function<Object, Object> persistentLoad;
        private int maxDepth = 1000;

        private Builder() {}

        /**
         * Allows a global name and says what a call of it builds.
         *
         * @param module the module, e.g. {@code collections}
         * @param name the name, e.g. {@code OrderedDict}
         * @param function the Java code for a call, or null if the name may appear only as a value
         * @return this builder
         */
        public Builder addGlobal(String module, String name, PickleGlobal function) {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(name, "name");
            globals.put(module + "." + name, new GlobalRef(module, name, function));
            return this;
        }

        /**
         * Sets what a persistent id stands for (default: persistent ids are refused).
         *
         * @param persistentLoad maps the unpickled id to the value pushed
         * @return this builder
         */
        public Builder optPersistentLoad(Function<Object, Object> persistentLoad) {
            this.persistentLoad = persistentLoad;
            return this;
        }

        /**
         * Sets the deepest MARK nesting accepted (default 1000).
         *
         * @param maxDepth ≥ 1
         * @return this builder
         */
        public Builder optMaxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
            return this;
        }

        /**
         * Builds the unpickler.
         *
         * @return the unpickler
         * @throws IllegalArgumentException if maxDepth is not positive
         */
        public RestrictedUnpickler build() {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("RestrictedUnpickler: invalid maxDepth = " + maxDepth);
            }
            return new RestrictedUnpickler(this);
        }
    }
}
