package io.brainseg.benchmarks.models;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.brainseg.models.blocks.ConvTranspose2d;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wall-clock and process CPU time per operation of the model benchmarks, for a machine too busy
 * for JMH's wall-clock figures to mean much: with one intra-op thread
 * ({@code -Dai.djl.pytorch.num_threads=1}) the CPU time is the work itself, unaffected by other
 * processes and by OpenMP workers spinning while they wait for a core.
 *
 * <p>Measures, at batch 16×3×224×224: forward (inference) and training step (forward, DiceFocal
 * loss, backward, AdamW) of UNet f=16/32 and AttentionUNet f=16;
 * UNet f=16's four transposed convolutions by sub-pixel decomposition and by zero insertion; and
 * every instance of each hand-written block type of UNet f=16 at its real input shape.
 *
 * <p>Run: {@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp benchmarks.jar
 * io.brainseg.benchmarks.models.ModelCpuTime [repetitions [UNET_16,UNET_32,ATTENTION_16
 * [networks-only]]]}. Prints a Markdown table.
 */
public final class ModelCpuTime {

    private static final Shape BATCH = new Shape(16, 3, 224, 224);
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ModelCpuTime() {}

    /**
     * Runs every measurement and prints the table.
     *
     * @param args optional number of timed repetitions (default 3, after one warm-up), then
     *     optionally a comma-separated list of the networks to run (default all), then optionally
     *     {@code networks-only} to skip the block measurements
     */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> rows = new ArrayList<>();
        rows.add("| what | wall ms/op | CPU ms/op |");
        rows.add("|---|---|---|");
        for (Networks n : Networks.values()) {
            if (args.length < 2 || List.of(args[1].split(",")).contains(n.name())) {
                network(n, reps, rows);
            }
        }
        boolean blocks = args.length < 3 || !args[2].equals("networks-only");
        for (ConvTranspose2d.Algorithm a :
                blocks ? ConvTranspose2d.Algorithm.values() : new ConvTranspose2d.Algorithm[0]) {
            try (NDManager params = NDManager.newBaseManager()) {
                blocks("UNet f=16 transposed convs, " + a, upConvs(a, params), reps, rows);
            }
        }
        for (String type :
                blocks ? new String[] {"ConvTranspose2d", "InstanceNorm2d", "PReLU", "Conv2dLayer"} : new String[0]) {
            try (NDManager params = NDManager.newBaseManager()) {
                blocks("UNet f=16 all " + type, blocksOf(type, params), reps, rows);
            }
        }
        System.out.println(String.join(System.lineSeparator(), rows));
    }

    interface Op {
        void run();
    }

    private static void time(String what, int reps, Op op, List<String> rows) {
        op.run();
        long wall = System.nanoTime();
        long cpu = OS.getProcessCpuTime();
        for (int i = 0; i < reps; i++) {
            op.run();
        }
        double wallMs = (System.nanoTime() - wall) / 1e6 / reps;
        double cpuMs = (OS.getProcessCpuTime() - cpu) / 1e6 / reps;
        String row = String.format(Locale.ROOT, "| %s | %.0f | %.0f |", what, wallMs, cpuMs);
        System.err.println(row);
        rows.add(row);
    }

    private static void network(Networks n, int reps, List<String> rows) {
        // The same network, loss, optimizer and batch as NetworkBenchmark, through TrainStep.
        try (TrainStep t = new TrainStep(
                n, (int) BATCH.get(0), (int) BATCH.get(2), Engine.getInstance().defaultDevice())) {
            time(n + " forward", reps, t::forward, rows);
            time(n + " training step", reps, t::step, rows);
        }
    }

    private static List<Block> upConvs(ConvTranspose2d.Algorithm a, NDManager params) {
        List<Block> out = new ArrayList<>();
        int[][] layers = {{384, 64, 14}, {128, 32, 28}, {64, 16, 56}, {32, 1, 112}};
        for (int[] l : layers) {
            ConvTranspose2d b = ConvTranspose2d.builder()
                    .setInChannels(l[0])
                    .setOutChannels(l[1])
                    .setKernelSize(3)
                    .optStride(2)
                    .optPadding(1)
                    .optOutputPadding(1)
                    .optAlgorithm(a)
                    .build();
            b.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            b.initialize(params, DataType.FLOAT32, new Shape(16, l[0], l[2], l[2]));
            out.add(b);
        }
        return out;
    }

    private static List<Block> blocksOf(String type, NDManager params) {
        Block net = Networks.UNET_16.build();
        net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        net.initialize(params, DataType.FLOAT32, BATCH);
        List<Block> out = new ArrayList<>();
        collect(net, type, out);
        return out;
    }

    private static void collect(Block block, String type, List<Block> out) {
        if (block.getClass().getSimpleName().equals(type)) {
            out.add(block);
            return;
        }
        for (Block child : block.getChildren().values()) {
            collect(child, type, out);
        }
    }

    private static void blocks(String what, List<Block> blocks, int reps, List<String> rows) {
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> inputs = new ArrayList<>();
            for (Block b : blocks) {
                for (Parameter p : b.getParameters().values()) {
                    p.getArray().setRequiresGradient(true);
                }
                inputs.add(m.randomNormal(b.getInputShapes()[0]));
            }
            time(
                    what + " (" + blocks.size() + ") forward",
                    reps,
                    () -> {
                        try (NDManager step = m.newSubManager()) {
                            for (int i = 0; i < blocks.size(); i++) {
                                NDArray x = inputs.get(i).duplicate();
                                x.attach(step);
                                blocks.get(i)
                                        .forward(new ParameterStore(step, false), new NDList(x), false)
                                        .singletonOrThrow()
                                        .get(0, 0, 0, 0)
                                        .getFloat();
                            }
                        }
                    },
                    rows);
            time(
                    what + " (" + blocks.size() + ") forward+backward",
                    reps,
                    () -> {
                        BlockPasses.forwardBackward(m, blocks, inputs);
                    },
                    rows);
        }
    }
}
