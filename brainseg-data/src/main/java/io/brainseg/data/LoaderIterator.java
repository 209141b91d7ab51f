package io.brainseg.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.BatchIterator;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.batch.SliceId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One epoch of a {@link SliceLoader}. A producer thread (when prefetching) packs each batch's bytes
 * into direct buffers and hands them over a bounded queue; {@link #next()} turns them into arrays.
 *
 * <p>The direct buffers are pooled: {@code ByteBuffer.allocateDirect} of a 3 MB batch costs ~10-20 ms
 * once the JVM's direct-memory accounting starts forcing GCs (9 MB with 2.5-D slices of 9 channels). {@link #next()} copies a buffer into
 * arrays the batch owns ({@link Uint8Arrays}) before the buffer goes back to the pool.
 */
final class LoaderIterator implements BatchIterator {

    private static final Logger LOG = LoggerFactory.getLogger(LoaderIterator.class);

    /** A batch's bytes, ready to become arrays; or, with {@code error} set, the producer's failure. */
    private record Packed(List<SliceId> ids, ByteBuffer image, ByteBuffer mask, Throwable error) {}

    private final NDManager parent;
    private final List<DecodedSlice> slices;
    private final int[] order;
    private final int batchSize;
    private final int numBatches;
    private final int channels;
    private final int height;
    private final int width;
    private final DataType dataType;
    private final BlockingQueue<Packed> queue;
    /** Free buffer pairs {image, mask}; the producer takes one per batch, next() gives it back. */
    private final BlockingQueue<ByteBuffer[]> pool;

    private final Thread producer;
    private int returned;
    private volatile boolean closed;

    LoaderIterator(
            NDManager parent,
            List<DecodedSlice> slices,
            int[] order,
            int batchSize,
            int numBatches,
            int channels,
            int height,
            int width,
            DataType dataType,
            int prefetch) {
        this.parent = parent;
        this.slices = slices;
        this.order = order;
        this.batchSize = batchSize;
        this.numBatches = numBatches;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.dataType = dataType;
        int buffers = prefetch + 1;
        pool = new ArrayBlockingQueue<>(buffers);
        int samples = Math.min(batchSize, order.length);
        for (int i = 0; i < buffers; i++) {
            pool.add(new ByteBuffer[] {
                ByteBuffer.allocateDirect(samples * channels * height * width),
                ByteBuffer.allocateDirect(samples * height * width)
            });
        }
        if (prefetch > 0) {
            queue = new ArrayBlockingQueue<>(prefetch);
            producer = new Thread(this::produce, "brainseg-loader");
            producer.setDaemon(true);
            producer.start();
        } else {
            queue = null;
            producer = null;
        }
    }

    private void produce() {
        try {
            for (int b = 0; b < numBatches && !closed; b++) {
                queue.put(pack(b));
            }
        } catch (InterruptedException e) {
            // close() interrupts a producer blocked on a full queue or an empty pool: just stop.
        } catch (RuntimeException | Error e) {
            queue.clear();
            queue.offer(new Packed(null, null, null, e));
        }
    }

    private Packed pack(int b) throws InterruptedException {
        int from = b * batchSize;
        int n = Math.min(batchSize, order.length - from);
        ByteBuffer[] pair = pool.take();
        ByteBuffer image = pair[0].clear();
        ByteBuffer mask = pair[1].clear();
        List<SliceId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DecodedSlice s = slices.get(order[from + i]);
            ids.add(s.id());
            image.put(s.image());
            mask.put(s.mask());
        }
        return new Packed(ids, image.flip(), mask.flip(), null);
    }

    @Override
    public boolean hasNext() {
        return !closed && returned < numBatches;
    }

    @Override
    public SampleBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "iterator is closed" : "epoch has " + numBatches + " batches");
        }
        Packed p;
        if (producer == null) {
            try {
                p = pack(returned);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while packing batch " + returned, e);
            }
        } else {
            p = take();
            if (p.error() != null) {
                close();
                if (p.error() instanceof RuntimeException re) {
                    throw re;
                }
                throw (Error) p.error();
            }
        }
        returned++;
        int n = p.ids().size();
        SampleBatch batch = SampleBatch.of(parent, p.ids());
        try {
            NDManager m = batch.getManager();
            batch.set(SampleBatch.IMAGE, copy(m, p.image(), new Shape(n, channels, height, width)));
            batch.set(SampleBatch.MASK, copy(m, p.mask(), new Shape(n, 1, height, width)));
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        } finally {
            pool.offer(new ByteBuffer[] {p.image(), p.mask()});
        }
        return batch;
    }

    /** Copies a pooled buffer into an array of the batch that owns its memory, in the loader's type. */
    private NDArray copy(NDManager m, ByteBuffer buffer, Shape shape) {
        NDArray u8 = Uint8Arrays.copyOf(m, buffer, shape);
        if (dataType == DataType.UINT8) {
            return u8;
        }
        try (u8) {
            return u8.toType(dataType, false);
        }
    }

    private Packed take() {
        try {
            while (true) {
                Packed p = queue.poll(1, TimeUnit.SECONDS);
                if (p != null) {
                    return p;
                }
                if (!producer.isAlive() && queue.isEmpty()) {
                    throw new IllegalStateException(
                            "loader thread stopped after " + returned + " of " + numBatches + " batches");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for batch " + returned, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (producer != null) {
            producer.interrupt();
            queue.clear();
            try {
                producer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (producer.isAlive()) {
                LOG.warn("loader thread did not stop within 5 s");
            }
            queue.clear();
        }
    }
}
