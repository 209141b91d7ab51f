package io.brainseg.core.train;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Derives independent, reproducible seeds from the run seed and a position in training, so every
 * random draw depends only on (seed, epoch, batch) and never on what ran before: a resumed run
 * replays exactly what an uninterrupted run would have drawn.
 */
final class Seeds {

    /** Stream tag for training-batch transforms. */
    static final long TRAIN = 0x7472L;
    /** Stream tag for validation-batch transforms. */
    static final long VAL = 0x7661L;
    /** Stream tag for the engine (dropout, initialisation). */
    static final long ENGINE = 0x656eL;

    private Seeds() {}

    /**
     * Mixes the inputs with SplitMix64's finaliser, a bijection with good avalanche.
     *
     * @param seed the run seed
     * @param stream a tag that separates uses
     * @param epoch the epoch (or -1)
     * @param batch the batch index (or -1)
     * @return the derived seed
     */
    static long mix(long seed, long stream, long epoch, long batch) {
        long z = seed;
        for (long v : new long[] {stream, epoch, batch}) {
            z = fmix(z + 0x9E3779B97F4A7C15L * (v + 1));
        }
        return z;
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Returns a generator for one batch's transforms.
     *
     * @param seed the run seed
     * @param stream {@link #TRAIN} or {@link #VAL}
     * @param epoch the epoch
     * @param batch the batch index
     * @return a fresh generator
     */
    static RandomGenerator batchRng(long seed, long stream, int epoch, int batch) {
        return new SplittableRandom(mix(seed, stream, epoch, batch));
    }

    /**
     * Returns the engine seed for an epoch (a non-negative int, as the engine takes).
     *
     * @param seed the run seed
     * @param epoch the epoch, or -1 for initialisation
     * @return the engine seed
     */
    static int engineSeed(long seed, int epoch) {
        return (int) (mix(seed, ENGINE, epoch, -1) >>> 33);
    }
}
