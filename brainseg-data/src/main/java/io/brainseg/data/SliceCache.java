package io.brainseg.data;

import io.brainseg.core.batch.SliceId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decoded dataset held in memory as uint8 ({@link DecodedSlice}s, about 262 KB per 256×256
 * slice, so the full 3,929-slice dataset takes about 1 GB of heap). Decoding happens once; loaders,
 * statistics and stratified splits then work from memory.
 *
 * <p>Immutable and thread-safe. Keeps the dataset's order (patient after patient, natural slice
 * order).
 */
public final class SliceCache {

    private static final Logger LOG = LoggerFactory.getLogger(SliceCache.class);

    private final List<DecodedSlice> slices;
    private final Map<SliceId, DecodedSlice> byId = new LinkedHashMap<>();

    private SliceCache(List<DecodedSlice> slices) {
        this.slices = List.copyOf(slices);
        for (DecodedSlice s : this.slices) {
            if (byId.put(s.id(), s) != null) {
                throw new IllegalArgumentException("slice " + s.id() + " is given twice");
            }
        }
    }

    /**
     * Wraps already decoded slices.
     *
     * @param slices the slices, each id once
     * @return the cache
     * @throws IllegalArgumentException if an id repeats
     */
    public static SliceCache of(List<DecodedSlice> slices) {
        return new SliceCache(slices);
    }

    /**
     * Decodes every slice of a dataset, on as many threads as there are processors.
     *
     * @param dataset the dataset
     * @return the cache
     * @throws LggDataException if any slice fails to decode; {@link LggDataException#getProblems()}
     *     names every bad slice's file, not only the first
     */
    public static SliceCache load(LggDataset dataset) {
        return load(dataset, dataset.getSlices(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Decodes the given slices of a dataset.
     *
     * @param dataset the dataset the slices belong to
     * @param slices the slices to decode, in the order to keep
     * @param threads the number of decoding threads, at least 1
     * @return the cache
     * @throws LggDataException if any slice fails to decode, listing every bad slice (in order)
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static SliceCache load(LggDataset dataset, List<LggSlice> slices, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        long start = System.nanoTime();
        List<DecodedSlice> out = new ArrayList<>(slices.size());
        List<String> problems = new ArrayList<>();
        if (threads == 1) {
            for (LggSlice s : slices) {
                try {
                    out.add(dataset.decode(s));
                } catch (LggDataException e) {
                    problems.add(e.getMessage());
                }
            }
        } else {
            AtomicInteger n = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "brainseg-decode-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<DecodedSlice>> futures = new ArrayList<>(slices.size());
                for (LggSlice s : slices) {
                    futures.add(pool.submit(() -> dataset.decode(s)));
                }
                for (Future<DecodedSlice> f : futures) {
                    try {
                        out.add(f.get());
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof LggDataException lde) {
                            problems.add(lde.getMessage());
                        } else if (e.getCause() instanceof RuntimeException re) {
                            throw re;
                        } else {
                            throw new LggDataException("decoding failed: " + e.getCause(), e.getCause());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while decoding " + dataset, e);
            } finally {
                pool.shutdownNow();
            }
        }
        if (!problems.isEmpty()) {
            // Every bad slice at once, so one run finds them all (not one per run).
            throw new LggDataException(
                    problems.size() + " of " + slices.size() + " slices of " + dataset + " cannot be decoded",
                    problems);
        }
        SliceCache cache = new SliceCache(out);
        LOG.info(
                "decoded {} slices ({} MB) in {} ms",
                out.size(),
                cache.bytes() >> 20,
                (System.nanoTime() - start) / 1_000_000);
        return cache;
    }

    /**
     * Returns the slices in order.
     *
     * @return the slices
     */
    public List<DecodedSlice> getSlices() {
        return slices;
    }

    /**
     * Returns the number of slices.
     *
     * @return the size
     */
    public int size() {
        return slices.size();
    }

    /**
     * Returns one slice.
     *
     * @param id the slice id
     * @return the slice
     * @throws IllegalArgumentException if the cache has no such slice
     */
    public DecodedSlice get(SliceId id) {
        DecodedSlice s = byId.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no slice " + id + " in this cache");
        }
        return s;
    }

    /**
     * Returns the patient ids, in order of first appearance.
     *
     * @return the patients
     */
    public List<String> getPatientIds() {
        return slices.stream().map(s -> s.id().patientId()).distinct().toList();
    }

    /**
     * Keeps the slices of some patients (a set of a {@link PatientSplit}), in this cache's order;
     * the arrays are shared, not copied.
     *
     * @param patients the patient ids to keep
     * @return the subset
     */
    public SliceCache subset(Collection<String> patients) {
        Set<String> keep = Set.copyOf(patients);
        return new SliceCache(
                slices.stream().filter(s -> keep.contains(s.id().patientId())).toList());
    }

    /**
     * Returns each patient's share of slices with tumour, the score for a stratified
     * {@link PatientSplit} ({@link PatientSplit.Builder#optStratifyBy}).
     *
     * @return patient id to share in [0, 1]
     */
    public Map<String, Double> tumourShareByPatient() {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (DecodedSlice s : slices) {
            int[] c = counts.computeIfAbsent(s.id().patientId(), k -> new int[2]);
            c[0]++;
            c[1] += s.hasTumour() ? 1 : 0;
        }
        Map<String, Double> share = new LinkedHashMap<>();
        counts.forEach((p, c) -> share.put(p, (double) c[1] / c[0]));
        return Collections.unmodifiableMap(share);
    }

    /**
     * Returns the bytes held by the slices' arrays.
     *
     * @return the memory footprint of the pixel data
     */
    public long bytes() {
        long b = 0;
        for (DecodedSlice s : slices) {
            b += s.image().length + s.mask().length;
        }
        return b;
    }

    @Override
    public String toString() {
        return "SliceCache{" + slices.size() + " slices, " + getPatientIds().size() + " patients, " + (bytes() >> 20)
                + " MB}";
    }
}
