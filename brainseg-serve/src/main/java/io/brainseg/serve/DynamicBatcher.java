package io.brainseg.serve;

import io.brainseg.data.PlanarImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching, as TorchServe and DJL Serving do it: slices submitted by concurrent requests
 * wait in a bounded queue; one worker thread takes the first, then keeps taking until it holds
 * {@code maxBatch} slices or {@code maxWait} has passed since the first arrived, and runs them as
 * one forward pass (one per distinct {@code H×W} among them).
 *
 * <p>A full queue refuses at once ({@link #submit} throws a 503 problem with {@code Retry-After}):
 * memory stays bounded by {@code capacity} slices however many clients call. A forward pass that
 * fails for lack of memory (Java's {@link OutOfMemoryError} or an engine error saying so, as
 * libtorch reports a failed allocation) is retried as two halves, down to single slices; a single
 * slice that still fails is answered 503 {@code insufficient-memory}, any other failure 500
 * {@code inference-failed}. The worker survives every failure.
 */
final class DynamicBatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

    private final SliceSegmenter segmenter;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Job> queue;
    private final ServeMetrics metrics;
    private final Thread worker;
    private volatile boolean closing;

    /** One slice waiting for its probabilities. */
    private record Job(PlanarImage slice, CompletableFuture<float[]> result) {}

    DynamicBatcher(SliceSegmenter segmenter, int maxBatch, long maxWaitMillis, int capacity, ServeMetrics metrics) {
        this.segmenter = segmenter;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.metrics = metrics;
        metrics.queueDepth(queue::size);
        this.worker = new Thread(this::loop, "brainseg-batcher");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues a slice.
     *
     * @param slice a {@code 3×H×W} slice
     * @return completes with its {@code H·W} probabilities, or exceptionally with a
     *     {@link ProblemException}
     * @throws ProblemException 503 {@code queue-full} (with Retry-After) when the queue is full, or
     *     {@code shutting-down} after {@link #close}
     */
    CompletableFuture<float[]> submit(PlanarImage slice) {
        if (closing) {
            throw new ProblemException(
                    new Problem(
                            503,
                            "shutting-down",
                            "Server shutting down",
                            "the server is stopping and takes no new work"),
                    1,
                    null);
        }
        Job job = new Job(slice, new CompletableFuture<>());
        if (!queue.offer(job)) {
            metrics.rejection("queue_full");
            throw new ProblemException(
                    new Problem(
                            503,
                            "queue-full",
                            "Too many requests queued",
                            "the inference queue holds its limit of " + (queue.size() + queue.remainingCapacity())
                                    + " slices; retry shortly"),
                    1,
                    null);
        }
        return job.result();
    }

    /** Returns the number of queued slices. */
    int depth() {
        return queue.size();
    }

    private void loop() {
        while (!closing || !queue.isEmpty()) {
            try {
                Job first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Job> batch = new ArrayList<>(maxBatch);
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Job next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                // One forward pass per slice size; each group keeps arrival order.
                Map<Long, List<Job>> bySize = new LinkedHashMap<>();
                for (Job j : batch) {
                    bySize.computeIfAbsent(
                                    (long) j.slice().height() << 32 | j.slice().width(), k -> new ArrayList<>())
                            .add(j);
                }
                bySize.values().forEach(this::run);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                // run() completes every job; this only guards the loop itself.
                LOG.error("batching loop failed; continuing", e);
            }
        }
        // Anything left after an interrupt is answered, never dropped silently.
        Job j;
        while ((j = queue.poll()) != null) {
            j.result()
                    .completeExceptionally(new ProblemException(
                            new Problem(
                                    503,
                                    "shutting-down",
                                    "Server shutting down",
                                    "the server stopped before this slice ran"),
                            1,
                            null));
        }
    }

    private void run(List<Job> jobs) {
        List<PlanarImage> slices = new ArrayList<>(jobs.size());
        jobs.forEach(j -> slices.add(j.slice()));
        float[][] probs;
        long start = System.nanoTime();
        try {
            probs = segmenter.probabilities(slices);
        } catch (RuntimeException | OutOfMemoryError e) {
            if (isOutOfMemory(e) && jobs.size() > 1) {
                LOG.warn(
                        "forward pass of {} slices ran out of memory; retrying as two halves: {}",
                        jobs.size(),
                        e.toString());
                int half = jobs.size() / 2;
                run(jobs.subList(0, half));
                run(jobs.subList(half, jobs.size()));
                return;
            }
            Problem p = isOutOfMemory(e)
                    ? new Problem(
                            503,
                            "insufficient-memory",
                            "Out of memory",
                            "one " + slices.get(0).height() + "×"
                                    + slices.get(0).width() + " slice did not fit in memory: " + e.getMessage())
                    : new Problem(500, "inference-failed", "Inference failed", "the forward pass failed: " + e);
            LOG.error("forward pass of {} slice(s) failed", jobs.size(), e);
            metrics.rejection(p.slug().replace('-', '_'));
            jobs.forEach(j -> j.result().completeExceptionally(new ProblemException(p, p.status() == 503 ? 5 : 0, e)));
            return;
        }
        metrics.batch(jobs.size(), System.nanoTime() - start);
        for (int i = 0; i < jobs.size(); i++) {
            jobs.get(i).result().complete(probs[i]);
        }
    }

    /**
     * Tells whether a failure is a lack of memory: Java's error, or an engine exception whose
     * message (or a cause's) says so, as libtorch's "DefaultCPUAllocator: can't allocate memory"
     * and CUDA's "out of memory" do.
     */
    static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("out of memory")
                    || m.contains("can't allocate memory")
                    || m.contains("cannot allocate memory")
                    || m.contains("bad_alloc")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops taking slices, lets the worker finish every queued one, and waits for it.
     *
     * @throws IllegalStateException if interrupted while waiting
     */
    @Override
    public void close() {
        closing = true;
        try {
            worker.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.interrupt();
        }
    }
}
