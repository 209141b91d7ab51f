package io.brainseg.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.brainseg.core.engine.EngineProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole networks at the machine's default oneDNN ISA against a float64 twin: the float32 weights
 * are copied into a float64 copy of the network, and float64 never goes to oneDNN (libtorch runs
 * double convolutions in its own loops), so the twin is an engine-independent reference. Every
 * parameter gradient, the input gradient and the output of {@code Σ g·net(x)} (g fixed, random) are
 * compared. On a machine with oneDNN's channel-padding defect these pass only because the
 * convolution blocks pad channels (see docs/engine-defects.md); on a healthy one nothing is padded.
 *
 * <p>Tolerance: per parameter, {@code max|g32 − g64| ≤ 1e-3·max|g64| + 1e-5·G}, where G is the
 * largest gradient of the whole network. Float32 rounding through these networks stays below
 * 1e-4 relative; the defect gives errors of 1e-2 to 1 (or NaN) and the old {@code
 * ONEDNN_MAX_CPU_ISA=AVX} workaround 5e-3–1.2e-2 on weights (33 % on one PReLU slope), so both
 * fail. The {@code G} term admits gradients that are exactly zero in exact arithmetic (the bias of a
 * convolution followed by instance norm), whose float32 value is rounding noise.
 */
class NetworkFloat64ReferenceTest {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkFloat64ReferenceTest.class);
    private static final double RTOL = 1e-3;
    private static final double ATOL_OF_LARGEST = 1e-5;

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("UNet f=8", 4, 32, (Supplier<Block>) () -> unet(8)),
                Arguments.of("UNet f=16", 2, 32, (Supplier<Block>) () -> unet(16)),
                Arguments.of("UNet f=12", 2, 32, (Supplier<Block>) () -> unet(12)),
                Arguments.of("UNet f=24", 2, 32, (Supplier<Block>) () -> unet(24)),
                Arguments.of("AttentionUNet f=8", 2, 32, (Supplier<Block>) () -> AttentionUNet.builder()
                        .setInChannels(3)
                        .setOutChannels(1)
                        .setChannels(8, 16, 32, 64, 128)
                        .setStrides(2, 2, 2, 2)
                        .build()));
    }

    private static Block unet(int f) {
        return UNet.builder()
                .setInChannels(3)
                .setOutChannels(1)
                .setChannels(f, 2 * f, 4 * f, 8 * f, 16 * f)
                .setStrides(2, 2, 2, 2)
                .optNumResUnits(2)
                .build();
    }

    @ParameterizedTest(name = "{0}, batch {1}, {2}×{2}")
    @MethodSource("networks")
    void everyGradientMatchesTheFloat64Twin(String name, int batch, int size, Supplier<Block> factory) {
        EngineProbe.verdict();
        Shape inputShape = new Shape(batch, 3, size, size);
        Random random = new Random(name.hashCode());
        float[] x = uniform(random, (int) inputShape.size());
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Block net32 = factory.get();
            net32.initialize(m, DataType.FLOAT32, inputShape);
            Block net64 = factory.get();
            net64.initialize(m, DataType.FLOAT64, inputShape);
            copyWeights(net32, net64);
            Shape outShape = net32.getOutputShapes(new Shape[] {inputShape})[0];
            float[] g = uniform(random, (int) outShape.size());
            Result r32 = run(net32, m, x, inputShape, g, outShape, DataType.FLOAT32);
            Result r64 = run(net64, m, x, inputShape, g, outShape, DataType.FLOAT64);

            double largest = 0;
            for (double[] grad : r64.grads) {
                largest = Math.max(largest, maxAbs(grad));
            }
            List<String> failures = new ArrayList<>();
            worst = 0;
            check("output", r32.output, r64.output, 0, failures);
            check("input gradient", r32.input, r64.input, 0, failures);
            for (int i = 0; i < r64.grads.size(); i++) {
                check(r64.names.get(i), r32.grads.get(i), r64.grads.get(i), ATOL_OF_LARGEST * largest, failures);
            }
            LOG.info("{}: largest relative difference to the float64 twin {} (gradients above 100·atol)", name, worst);
            assertThat(failures)
                    .as("%s: values off against the float64 twin (max|g| = %s)", name, largest)
                    .isEmpty();
        }
    }

    private record Result(double[] output, double[] input, List<String> names, List<double[]> grads) {}

    private static Result run(Block net, NDManager m, float[] x, Shape xs, float[] g, Shape gs, DataType type) {
        try (NDManager step = m.newSubManager()) {
            for (Pair<String, Parameter> p : net.getParameters()) {
                // Running statistics (batch norm) are parameters without gradients.
                p.getValue().getArray().setRequiresGradient(p.getValue().requiresGradient());
            }
            NDArray input = owned(step, x, xs, type);
            NDArray weights = owned(step, g, gs, type);
            input.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = net.forward(new ParameterStore(step, false), new NDList(input), true)
                        .singletonOrThrow();
                gc.backward(y.mul(weights).sum());
            }
            List<String> names = new ArrayList<>();
            List<double[]> grads = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (!p.getValue().requiresGradient()) {
                    continue;
                }
                NDArray grad = p.getValue().getArray().getGradient();
                grad.attach(step);
                names.add(p.getKey());
                grads.add(toDouble(grad));
            }
            return new Result(toDouble(y), toDouble(input.getGradient()), names, grads);
        }
    }

    private static double worst;

    private static void check(String what, double[] got, double[] ref, double atol, List<String> failures) {
        double diff = 0;
        for (int i = 0; i < ref.length; i++) {
            diff = Double.isNaN(got[i]) ? Double.NaN : Math.max(diff, Math.abs(got[i] - ref[i]));
            if (Double.isNaN(diff)) {
                break;
            }
        }
        double scale = maxAbs(ref);
        if (scale > 100 * atol) {
            worst = Double.isNaN(diff) ? Double.NaN : Math.max(worst, diff / scale);
        }
        if (!(diff <= RTOL * scale + atol)) {
            failures.add(String.format(
                    "%s: max|diff| %.3g, max|ref| %.3g (relative %.3g)",
                    what, diff, scale, diff / Math.max(scale, 1e-30)));
        }
    }

    private static void copyWeights(Block from, Block to) {
        List<Parameter> src = from.getParameters().values();
        List<Parameter> dst = to.getParameters().values();
        assertThat(dst).hasSameSizeAs(src);
        for (int i = 0; i < src.size(); i++) {
            NDArray a = dst.get(i).getArray();
            try (NDArray cast = src.get(i).getArray().toType(DataType.FLOAT64, true)) {
                a.subi(a).addi(cast);
            }
        }
    }

    private static NDArray owned(NDManager m, float[] data, Shape shape, DataType type) {
        try (NDArray wrapped = m.create(data, shape)) {
            return wrapped.toType(type, true);
        }
    }

    private static double[] toDouble(NDArray a) {
        return a.toType(DataType.FLOAT64, true).toDoubleArray();
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static float[] uniform(Random random, int length) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return a;
    }
}
