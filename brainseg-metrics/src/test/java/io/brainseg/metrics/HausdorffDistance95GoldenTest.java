package io.brainseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parity of HausdorffDistance95 with MONAI 1.4 on every Hausdorff case and variant of dicemetric.json. */
class HausdorffDistance95GoldenTest {

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

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (JsonElement e : GoldenJson.load("dicemetric.json").getAsJsonArray("hausdorff_cases")) {
            JsonObject cas = e.getAsJsonObject();
            for (String pct : new String[] {"None", "95"}) {
                for (boolean directed : new boolean[] {false, true}) {
                    for (DistanceMetric metric : DistanceMetric.values()) {
                        String key = "hd_pct" + pct + "_directed" + (directed ? "True" : "False") + "_"
                                + metric.name().toLowerCase();
                        out.add(Arguments.of(
                                cas.get("name").getAsString(),
                                key,
                                pct.equals("None") ? null : Double.valueOf(pct),
                                directed,
                                metric,
                                cas,
                                GoldenJson.number(cas.get(key))));
                    }
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonElement e : GoldenJson.load("dicemetric.json").getAsJsonArray("hausdorff_cases")) {
            out.add(Arguments.of(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void reproducesMonaiDistance(
            String name,
            String key,
            Double percentile,
            boolean directed,
            DistanceMetric metric,
            JsonObject cas,
            double expected) {
        try (NDManager m = root.newSubManager()) {
            HausdorffDistance95 hd = HausdorffDistance95.builder()
                    .optIncludeBackground(true)
                    .optPercentile(percentile)
                    .optDirected(directed)
                    .optDistanceMetric(metric)
                    .build();
            double actual =
                    hd.update(mask(m, cas.get("y_pred")), mask(m, cas.get("y"))).get(0)[0];
            if (Double.isNaN(expected)) {
                assertThat(actual).isNaN();
            } else if (Double.isInfinite(expected)) {
                assertThat(actual).isEqualTo(expected);
            } else {
                assertThat(actual).isCloseTo(expected, within(TOL));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aggregateMeanAndNotNansMatchHausdorffDistanceMetric(String name, JsonObject cas) {
        try (NDManager m = root.newSubManager()) {
            HausdorffDistance95 hd =
                    HausdorffDistance95.builder().optIncludeBackground(true).build();
            hd.update(mask(m, cas.get("y_pred")), mask(m, cas.get("y")), List.of());
            assertThat(hd.compute())
                    .isCloseTo(GoldenJson.number(cas.get("HausdorffDistanceMetric95_aggregate_mean")), within(TOL));
            assertThat((double) hd.getNotNans())
                    .isEqualTo(GoldenJson.number(cas.get("HausdorffDistanceMetric95_not_nans")));
            assertThat(hd.isHigherBetter()).isFalse();
        }
    }

    @Test
    void defaultDropsBackgroundSoSingleChannelMasksAreRejectedWithAHint() {
        try (NDManager m = root.newSubManager()) {
            NDArray a = m.zeros(new Shape(1, 1, 4, 4));
            assertThatThrownBy(() -> HausdorffDistance95.builder().build().update(a, a))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("optIncludeBackground(true)")
                    .hasMessageContaining("(1, 1, 4, 4)");
        }
    }

    @Test
    void batchesAccumulateAndTheDistanceTransformHandlesAFullSizeSlice() {
        try (NDManager m = root.newSubManager()) {
            // two squares 224² apart by a 7-pixel shift along rows: every edge distance is at most 7
            float[] a = new float[224 * 224];
            float[] b = new float[224 * 224];
            for (int i = 50; i < 150; i++) {
                for (int j = 60; j < 160; j++) {
                    a[i * 224 + j] = 1;
                    b[(i + 7) * 224 + j] = 1;
                }
            }
            HausdorffDistance95 hd = HausdorffDistance95.builder()
                    .optIncludeBackground(true)
                    .optPercentile(null)
                    .build();
            hd.update(m.create(a, new Shape(1, 1, 224, 224)), m.create(b, new Shape(1, 1, 224, 224)));
            hd.update(m.create(a, new Shape(1, 1, 224, 224)), m.create(a, new Shape(1, 1, 224, 224)));
            assertThat(hd.getBuffer()).hasSize(2);
            assertThat(hd.getBuffer().get(0)[0]).isEqualTo(7.0);
            assertThat(hd.compute()).isEqualTo(3.5);
        }
    }

    private static NDArray mask(NDManager m, JsonElement e) {
        long[] s = GoldenJson.shape(e);
        long[] full = new long[4];
        int pad = 4 - s.length;
        for (int i = 0; i < 4; i++) {
            full[i] = i < pad ? 1 : s[i - pad];
        }
        return m.create(GoldenJson.toFloat(GoldenJson.flat(e)), new Shape(full));
    }
}
