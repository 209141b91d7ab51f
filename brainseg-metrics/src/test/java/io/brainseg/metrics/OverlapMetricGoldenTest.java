package io.brainseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parity of DiceMetric and MeanIoU with MONAI 1.4 on every case of dicemetric.json. */
class OverlapMetricGoldenTest {

    private static final double TOL = 1e-5;
    private static NDManager root;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    /** One golden block: a case, a metric (dice / iou), includeBackground and ignoreEmpty. */
    static Stream<Arguments> blocks() {
        List<Arguments> out = new ArrayList<>();
        for (JsonElement e : GoldenJson.load("dicemetric.json").getAsJsonArray("dice_iou_cases")) {
            JsonObject cas = e.getAsJsonObject();
            if (!cas.has("y_pred")) {
                continue;
            }
            for (Map.Entry<String, JsonElement> metric : cas.entrySet()) {
                String key = metric.getKey();
                if (!key.startsWith("dice") && !key.startsWith("iou")) {
                    continue;
                }
                boolean includeBackground = !key.endsWith("include_background_False");
                for (Map.Entry<String, JsonElement> v :
                        metric.getValue().getAsJsonObject().entrySet()) {
                    boolean ignoreEmpty = v.getKey().equals("ignore_empty_True");
                    out.add(Arguments.of(
                            cas.get("name").getAsString(),
                            key,
                            ignoreEmpty,
                            includeBackground,
                            cas,
                            v.getValue().getAsJsonObject()));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} ignoreEmpty={2}")
    @MethodSource("blocks")
    void reproducesMonaiPerSampleValuesAggregatesAndNotNans(
            String name,
            String key,
            boolean ignoreEmpty,
            boolean includeBackground,
            JsonObject cas,
            JsonObject expected) {
        try (NDManager m = root.newSubManager()) {
            NDArray pred = array(m, cas.get("y_pred"));
            NDArray y = array(m, cas.get("y"));
            for (MetricReduction reduction : MetricReduction.values()) {
                OverlapMetric metric = build(key, ignoreEmpty, includeBackground, reduction);
                List<double[]> rows = metric.update(pred, y);

                double[] perSample = GoldenJson.flat(expected.get("per_sample"));
                assertClose(
                        rows.stream().flatMapToDouble(java.util.Arrays::stream).toArray(), perSample);
                assertThat(metric.compute()).isCloseTo(GoldenJson.number(expected.get("aggregate_mean")), within(TOL));
                assertThat((double) metric.getNotNans())
                        .isEqualTo(GoldenJson.number(expected.get("aggregate_mean_not_nans")));
                switch (reduction) {
                    case MEAN:
                        assertClose(metric.aggregate(), GoldenJson.flat(expected.get("aggregate_mean")));
                        break;
                    case MEAN_BATCH:
                        if (expected.has("aggregate_mean_batch")) {
                            assertClose(metric.aggregate(), GoldenJson.flat(expected.get("aggregate_mean_batch")));
                        }
                        break;
                    default:
                        assertClose(metric.aggregate(), perSample);
                }
            }
        }
    }

    @Test
    void accumulatingTwoCallsEqualsOneCallOnAllSamples() {
        JsonObject golden = GoldenJson.load("dicemetric.json");
        JsonObject six = null;
        JsonObject twoCalls = null;
        for (JsonElement e : golden.getAsJsonArray("dice_iou_cases")) {
            String n = e.getAsJsonObject().get("name").getAsString();
            if (n.equals("single_channel_6samples")) {
                six = e.getAsJsonObject();
            } else if (n.equals("accumulate_two_calls")) {
                twoCalls = e.getAsJsonObject();
            }
        }
        try (NDManager m = root.newSubManager()) {
            NDArray pred = array(m, six.get("y_pred"));
            NDArray y = array(m, six.get("y"));
            DiceMetric dice = DiceMetric.builder().build();
            dice.update(pred.get("0:3"), y.get("0:3"), List.of());
            dice.update(pred.get("3:6"), y.get("3:6"), List.of());
            assertThat(dice.compute()).isCloseTo(GoldenJson.number(twoCalls.get("aggregate_mean")), within(TOL));
            assertThat(dice.getBuffer()).hasSize(6);
            dice.reset();
            assertThat(dice.getBuffer()).isEmpty();
            assertThat(dice.compute()).isEqualTo(0.0);
        }
    }

    @Test
    void softPredictionCountsAsZeroOnOneChannelAndAsOneOnSeveral() {
        JsonObject gotcha = null;
        for (JsonElement e : GoldenJson.load("dicemetric.json").getAsJsonArray("dice_iou_cases")) {
            if (e.getAsJsonObject().get("name").getAsString().equals("non_binarised_pred_gotcha")) {
                gotcha = e.getAsJsonObject();
            }
        }
        try (NDManager m = root.newSubManager()) {
            DiceMetric dice = DiceMetric.builder().build();
            List<double[]> single =
                    dice.perSample(array(m, gotcha.get("y_pred_single")), array(m, gotcha.get("y_single")));
            assertClose(single.get(0), GoldenJson.flat(gotcha.get("dice_single_channel")));
            List<double[]> two =
                    dice.perSample(array(m, gotcha.get("y_pred_two_channel")), array(m, gotcha.get("y_two_channel")));
            assertClose(two.get(0), GoldenJson.flat(gotcha.get("dice_two_channel")));
        }
    }

    private static OverlapMetric build(
            String key, boolean ignoreEmpty, boolean includeBackground, MetricReduction reduction) {
        if (key.startsWith("iou")) {
            return MeanIoU.builder()
                    .optIgnoreEmpty(ignoreEmpty)
                    .optIncludeBackground(includeBackground)
                    .optReduction(reduction)
                    .build();
        }
        return DiceMetric.builder()
                .optIgnoreEmpty(ignoreEmpty)
                .optIncludeBackground(includeBackground)
                .optReduction(reduction)
                .build();
    }

    static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertThat(actual[i]).as("element %d", i).isNaN();
            } else {
                assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(TOL));
            }
        }
    }

    static NDArray array(NDManager m, JsonElement e) {
        return m.create(GoldenJson.toFloat(GoldenJson.flat(e)), new Shape(GoldenJson.shape(e)));
    }
}
