package io.brainseg.metrics.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.brainseg.metrics.GoldenJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parity of DiceLoss, FocalLoss and DiceFocalLoss with MONAI 1.4 on every golden case and variant. */
class DiceFocalLossGoldenTest {

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
        JsonObject golden = GoldenJson.load("dicefocal.json");
        List<Arguments> out = new ArrayList<>();
        for (JsonElement c : golden.getAsJsonArray("cases")) {
            JsonObject cas = c.getAsJsonObject();
            for (JsonElement r : cas.getAsJsonArray("results")) {
                JsonObject res = r.getAsJsonObject();
                out.add(Arguments.of(
                        cas.get("name").getAsString(),
                        res.getAsJsonObject("params").toString(),
                        cas,
                        res));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> cases() {
        JsonObject golden = GoldenJson.load("dicefocal.json");
        List<Arguments> out = new ArrayList<>();
        for (JsonElement c : golden.getAsJsonArray("cases")) {
            out.add(Arguments.of(c.getAsJsonObject().get("name").getAsString(), c.getAsJsonObject()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void reproducesMonaiDiceFocalDiceAndFocal(String name, String params, JsonObject cas, JsonObject res) {
        try (NDManager m = root.newSubManager()) {
            NDArray logits = array(m, cas.get("logits"));
            NDArray target = array(m, cas.get("target"));
            DiceFocalLoss.Builder b = DiceFocalLoss.builder();
            DiceLoss.Builder d = DiceLoss.builder();
            FocalLoss.Builder f = FocalLoss.builder();
            for (Map.Entry<String, JsonElement> p :
                    res.getAsJsonObject("params").entrySet()) {
                JsonElement v = p.getValue();
                switch (p.getKey()) {
                    case "lambda_dice":
                        b.optLambdaDice(v.getAsDouble());
                        break;
                    case "lambda_focal":
                        b.optLambdaFocal(v.getAsDouble());
                        break;
                    case "gamma":
                        b.optGamma(v.getAsDouble());
                        f.optGamma(v.getAsDouble());
                        break;
                    case "alpha":
                        b.optAlpha(v.getAsDouble());
                        f.optAlpha(v.getAsDouble());
                        break;
                    case "batch":
                        b.optBatch(v.getAsBoolean());
                        d.optBatch(v.getAsBoolean());
                        break;
                    case "squared_pred":
                        b.optSquaredPred(v.getAsBoolean());
                        d.optSquaredPred(v.getAsBoolean());
                        break;
                    case "jaccard":
                        b.optJaccard(v.getAsBoolean());
                        d.optJaccard(v.getAsBoolean());
                        break;
                    case "smooth_nr":
                        b.optSmoothNr(v.getAsDouble());
                        d.optSmoothNr(v.getAsDouble());
                        break;
                    case "smooth_dr":
                        b.optSmoothDr(v.getAsDouble());
                        d.optSmoothDr(v.getAsDouble());
                        break;
                    case "reduction":
                        LossReduction red =
                                LossReduction.valueOf(v.getAsString().toUpperCase());
                        b.optReduction(red);
                        d.optReduction(red);
                        f.optReduction(red);
                        break;
                    case "include_background":
                        b.optIncludeBackground(v.getAsBoolean());
                        d.optIncludeBackground(v.getAsBoolean());
                        f.optIncludeBackground(v.getAsBoolean());
                        break;
                    default:
                        throw new IllegalStateException("unknown golden parameter " + p.getKey());
                }
            }
            // DJL's order: labels first, predictions second.
            double diceFocal =
                    b.build().evaluate(new NDList(target), new NDList(logits)).getFloat();
            double dice = d.build().loss(logits, target).getFloat();
            double focal = f.build().loss(logits, target).getFloat();

            assertThat(diceFocal).isCloseTo(res.get("dicefocal").getAsDouble(), within(TOL));
            assertThat(dice).isCloseTo(res.get("dice").getAsDouble(), within(TOL));
            assertThat(focal).isCloseTo(res.get("focal").getAsDouble(), within(TOL));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reductionNoneGivesMonaiPerChannelDiceAndElementwiseFocalBroadcastTogether(String name, JsonObject cas) {
        JsonObject diag = cas.getAsJsonObject("diag_default");
        try (NDManager m = root.newSubManager()) {
            NDArray logits = array(m, cas.get("logits"));
            NDArray target = array(m, cas.get("target"));
            NDArray dice =
                    DiceLoss.builder().optReduction(LossReduction.NONE).build().loss(logits, target);
            NDArray focal =
                    FocalLoss.builder().optReduction(LossReduction.NONE).build().loss(logits, target);
            NDArray both = DiceFocalLoss.builder()
                    .optReduction(LossReduction.NONE)
                    .build()
                    .loss(logits, target);

            Shape in = logits.getShape();
            assertThat(dice.getShape()).isEqualTo(new Shape(in.get(0), in.get(1), 1, 1));
            assertThat(focal.getShape()).isEqualTo(in);
            assertThat(both.getShape()).isEqualTo(in);
            assertClose(dice.toFloatArray(), GoldenJson.flat(diag.get("dice_none_BC")));
            if (diag.get("focal_elementwise").isJsonArray()) {
                assertClose(focal.toFloatArray(), GoldenJson.flat(diag.get("focal_elementwise")));
            }
            NDArray focalSpatialMean =
                    focal.reshape(in.get(0), in.get(1), -1).sum(new int[] {2}).div((float) (in.get(2) * in.get(3)));
            assertClose(focalSpatialMean.toFloatArray(), GoldenJson.flat(diag.get("focal_none_mean_over_spatial_BC")));
            assertClose(both.sub(dice).sub(focal).abs().max().toFloatArray(), new double[] {0});
        }
    }

    private static void assertClose(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(TOL));
        }
    }

    static NDArray array(NDManager m, JsonElement e) {
        return m.create(GoldenJson.toFloat(GoldenJson.flat(e)), new Shape(GoldenJson.shape(e)));
    }
}
