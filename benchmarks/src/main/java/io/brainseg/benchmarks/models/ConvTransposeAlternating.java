package io.brainseg.benchmarks.models;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.brainseg.models.blocks.ConvTranspose2d;
import io.brainseg.models.blocks.ConvTranspose2d.Algorithm;
import java.util.Arrays;
import java.util.Locale;

/**
 * Same-JVM A/B of two {@link ConvTranspose2d} algorithms at UNet f=16's four up-sampling shapes
 * (batch 16, as {@link ConvTransposeBenchmark}), the two alternating call by call (ABBA order) so
 * that the host's drifting load hits both alike. On a shared VM, where JMH's successive
 * parameter runs can differ by 2× for no reason of their own, the per-round ratio is the figure
 * to trust.
 *
 * <p>Run: {@code java -Dai.djl.offline=true -cp benchmarks.jar
 * io.brainseg.benchmarks.models.ConvTransposeAlternating [rounds [forward|train [layer]]]} with
 * defaults 20, forward, all four layers (layer 0–3 picks one: 384→64 at 14², 128→32 at 28², 64→16
 * at 56², 32→1 at 112²). Compares {@code SUB_PIXEL} (A) with {@code PHASES} (B); prints the median
 * and quartiles of each and of B/A per round.
 */
public final class ConvTransposeAlternating {

    private static final int[][] LAYERS = {{384, 64, 14}, {128, 32, 28}, {64, 16, 56}, {32, 1, 112}};
    private static final Algorithm[] ALGORITHMS = {Algorithm.SUB_PIXEL, Algorithm.PHASES};
    private static final int WARM_UP = 3;

    private ConvTransposeAlternating() {}

    /**
     * Runs the comparison.
     *
     * @param args optional rounds, {@code forward} or {@code train}, and a layer index
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        boolean train = args.length > 1 && "train".equals(args[1]);
        int[][] layers = args.length > 2 ? new int[][] {LAYERS[Integer.parseInt(args[2])]} : LAYERS;
        try (NDManager manager = NDManager.newBaseManager()) {
            ConvTranspose2d[][] blocks = new ConvTranspose2d[ALGORITHMS.length][layers.length];
            NDArray[] inputs = new NDArray[layers.length];
            for (int i = 0; i < layers.length; i++) {
                Shape shape = new Shape(16, layers[i][0], layers[i][2], layers[i][2]);
                inputs[i] = manager.randomNormal(shape);
                for (int a = 0; a < ALGORITHMS.length; a++) {
                    blocks[a][i] = ConvTranspose2d.builder()
                            .setInChannels(layers[i][0])
                            .setOutChannels(layers[i][1])
                            .setKernelSize(3)
                            .optStride(2)
                            .optPadding(1)
                            .optOutputPadding(1)
                            .optAlgorithm(ALGORITHMS[a])
                            .build();
                    blocks[a][i].initialize(manager, DataType.FLOAT32, shape);
                    for (Parameter p : blocks[a][i].getParameters().values()) {
                        p.getArray().setRequiresGradient(true);
                    }
                }
            }
            long[][] nanos = new long[ALGORITHMS.length][rounds];
            for (int r = -WARM_UP; r < rounds; r++) {
                for (int k = 0; k < ALGORITHMS.length; k++) {
                    int a = Math.floorMod(r, 2) == 0 ? k : ALGORITHMS.length - 1 - k;
                    long t0 = System.nanoTime();
                    run(manager, blocks[a], inputs, train);
                    if (r >= 0) {
                        nanos[a][r] = System.nanoTime() - t0;
                    }
                }
            }
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = (double) nanos[1][r] / nanos[0][r];
            }
            String what = (train ? "forward+backward" : "forward") + ", " + layers.length + " layer(s)";
            for (int a = 0; a < ALGORITHMS.length; a++) {
                double[] ms = Arrays.stream(nanos[a]).mapToDouble(v -> v / 1e6).toArray();
                System.out.println(String.format(Locale.ROOT, "%-9s %s: %s ms", ALGORITHMS[a], what, quartiles(ms)));
            }
            System.out.println(String.format(
                    Locale.ROOT, "%s / %s per round: %s", ALGORITHMS[1], ALGORITHMS[0], quartiles(ratio)));
        }
    }

    private static void run(NDManager manager, ConvTranspose2d[] blocks, NDArray[] inputs, boolean train) {
        try (NDManager step = manager.newSubManager()) {
            for (int i = 0; i < blocks.length; i++) {
                NDArray x = inputs[i].duplicate();
                x.attach(step);
                if (train) {
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = blocks[i]
                                .forward(new ParameterStore(step, false), new NDList(x), true)
                                .singletonOrThrow();
                        gc.backward(y.mean());
                    }
                    x.getGradient().get(0, 0, 0, 0).getFloat();
                } else {
                    blocks[i]
                            .forward(new ParameterStore(step, false), new NDList(x), false)
                            .singletonOrThrow()
                            .get(0, 0, 0, 0)
                            .getFloat();
                }
            }
        }
    }

    private static String quartiles(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return String.format(Locale.ROOT, "median %.3f (quartiles %.3f–%.3f)", s[n / 2], s[n / 4], s[3 * n / 4]);
    }
}
