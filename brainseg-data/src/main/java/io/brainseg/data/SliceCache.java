package io.brainseg.data;

import io.brainseg.core.batch.SliceContext;
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
 * <p>All slices of a cache have one channel count ({@link #getChannels()}): 3 as decoded, or
 * {@code 3·(2K+1)} for the 2.5-D input of {@link #withContext(int)}.
 *
 * <p>Immutable and thread-safe. Keeps the dataset's order (patient after patient, natural slice
 * order).
 */
public final class SliceCache {

    private static final Logger LOG = LoggerFactory.getLogger(SliceCache.class);

    private final List<DecodedSlice> slices;
    private final Map<SliceId, DecodedSlice> byId = new LinkedHashMap<>();
    private final int channels;

    private SliceCache(List<DecodedSlice> slices) {
        this.slices = List.copyOf(slices);
        this.channels = this.slices.isEmpty()
                ? DecodedSlice.CHANNELS
                : this.slices.get(0).channels();
        for (DecodedSlice s : this.slices) {
            if (byId.put(s.id(), s) != null) {
                throw new IllegalArgumentException("slice " + s.id() + " is given twice");
            }
            if (s.channels() != channels) {
                throw new IllegalArgumentException("all slices must have one channel count: "
                        + this.slices.get(0).id() + " has " + channels + ", " + s.id() + " has " + s.channels());
            }
        }
    }

    /**
     * Wraps already decoded slices.
     *
     * @param slices the slices, each id once, all with one channel count
     * @return the cache
     * @throws IllegalArgumentException if an id repeats or the channel counts differ
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
     * Returns this cache with each slice's {@code K} neighbours on each side stacked as extra
     * channels, the 2.5-D input of {@link io.brainseg.core.batch.SliceContext}: slice {@code z}
     * becomes {@code 3·(2K+1)×H×W}, slices {@code z-K .. z+K} of the same patient (3 channels each,
     * in that order), a neighbour before the patient's first or after its last slice repeating that
     * edge slice. Neighbours are found by slice number, not by position in the cache. The mask
     * stays the centre slice's (shared, not copied); the order of the cache is kept.
     *
     * <p><b>Why stack here and not per batch.</b> The stacked cache costs {@code 2K+1} times the
     * image bytes (K = 1: about 590 KB per 256×256 slice, 1.1 GB for the 1,917 slices of 55
     * patients), but stacking once keeps every consumer simple and consistent: the
     * {@link SliceLoader} still gathers a batch with one copy per slice (shuffling stays a plain
     * index permutation, the prefetch thread does no neighbour look-ups), evaluation and statistics
     * see ordinary slices, and a subset by patient ({@link #subset}) keeps whole patients, so a
     * slice's neighbours are the same whichever set it lands in. Drop the 3-channel cache once the
     * stacked one exists if heap is tight.
     *
     * @param context K, the neighbours on each side; 0 returns this cache unchanged
     * @return the stacked cache
     * @throws IllegalArgumentException if {@code context < 0}, the cache is already stacked, or a
     *     patient's slice numbers have a gap (the message names the patient and the number)
     */
    public SliceCache withContext(int context) {
        SliceContext.channels(context);
        if (context == 0) {
            return this;
        }
        return new SliceCache(ContextStacker.stack(slices, context));
    }

    /**
     * Returns the image channels of every slice: 3 as decoded, {@code 3·(2K+1)} after
     * {@link #withContext(int) withContext(K)}.
     *
     * @return the channel count (3 for an empty cache)
     */
    public int getChannels() {
        return channels;
    }

    /**
     * Returns the context K of the slices ({@link #withContext(int)}); 0 for slices as decoded.
     *
     * @return K
     */
    public int getContext() {
        return SliceContext.contextOf(channels);
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
     * Returns each patient's tumour volume: the tumour pixels of its masks summed over its slices.
     * As the score of {@link PatientFolds.Builder#optStratifyBy} it spreads small and large
     * tumours over the folds, which the share of slices with tumour does not: on the 55-patient
     * subset, two patients with shares of 0.40 and 0.42 differ sixfold in volume, and a fold
     * stratified by share drew mostly small tumours (docs/results.md, "What the judges hold").
     *
     * @return patient id to tumour voxels (0 for a patient without tumour), in slice order of first
     *     appearance
     */
    public Map<String, Double> tumourVoxelsByPatient() {
        Map<String, Double> voxels = new LinkedHashMap<>();
        for (DecodedSlice s : slices) {
            voxels.merge(s.id().patientId(), (double) s.tumourPixels(), Double::sum);
        }
        return Collections.unmodifiableMap(voxels);
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
        return "SliceCache{" + slices.size() + " slices, " + getPatientIds().size() + " patients, "
                + (channels == DecodedSlice.CHANNELS ? "" : channels + " channels, ") + (bytes() >> 20) + " MB}";
    }
}
