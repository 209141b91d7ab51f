package io.brainseg.tune.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.tune.space.Distribution;
import io.brainseg.tune.space.FloatDistribution;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParzenEstimatorTest {

    /** Φ by Simpson integration of the Gaussian density: independent of the code under test. */
    private static double phi(double z) {
        double lo = -12;
        if (z <= lo) {
            return 0;
        }
        int n = 20000;
        double h = (z - lo) / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double x = lo + i * h;
            double f = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            s += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return s * h / 3;
    }

    private static double truncPdf(double x, double low, double high, double mu, double sigma) {
        double z = (x - mu) / sigma;
        double pdf = Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * sigma);
        return pdf / (phi((high - mu) / sigma) - phi((low - mu) / sigma));
    }

    @Test
    void univariateDensityMatchesAHandComputedMixture() {
        // Observations 0.2 and 0.9 on [0, 1]; with the prior (0.5) the sorted centres are 0.2, 0.5, 0.9.
        // Neighbour gaps with the bounds: 0.2 -> max(0.2, 0.3) = 0.3 but endpoints rule: first
        // kernel uses its inner gap 0.3; 0.5 -> max(0.3, 0.4) = 0.4 (prior, reset to 1 after);
        // 0.9 -> last kernel uses its inner gap 0.4. Magic clip: [1/min(100, 1+3), 1] = [0.25, 1].
        double[] mu = {0.2, 0.9, 0.5};
        double[] sigma = {0.3, 0.4, 1.0};
        double[] w = {1.0 / 3, 1.0 / 3, 1.0 / 3};
        ParzenEstimator pe = new ParzenEstimator(
                Map.of("x", new double[] {0.2, 0.9}),
                Map.of("x", FloatDistribution.uniform(0, 1)),
                1.0,
                TpeSampler::defaultWeights,
                false,
                true);
        assertThat(pe.mus("x")).containsExactly(mu, within(1e-15));
        assertThat(pe.sigmas("x")).containsExactly(sigma, within(1e-12));
        assertThat(pe.weights()).containsExactly(w, within(1e-15));
        for (double x : new double[] {0.0, 0.2, 0.55, 1.0}) {
            double p = 0;
            for (int k = 0; k < 3; k++) {
                p += w[k] * truncPdf(x, 0, 1, mu[k], sigma[k]);
            }
            double got = pe.logPdf(Map.of("x", new double[] {x}))[0];
            assertThat(got).as("log l(%s)", x).isCloseTo(Math.log(p), within(1e-9));
        }
    }

    @Test
    void magicClipWidensKernelsOfCloseObservations() {
        // 0.50, 0.51 and the prior at 0.5: the gaps 0 and 0.01 are clipped up to 1/min(100, 1 + 3) = 0.25;
        // the prior keeps sigma = 1.
        ParzenEstimator pe = new ParzenEstimator(
                Map.of("x", new double[] {0.50, 0.51}),
                Map.of("x", FloatDistribution.uniform(0, 1)),
                1.0,
                TpeSampler::defaultWeights,
                false,
                true);
        assertThat(pe.sigmas("x")).containsExactly(new double[] {0.25, 0.25, 1.0}, within(1e-12));
    }

    @Test
    void samplesStayInsideTheDistributionAndFollowTheDensity() {
        Distribution d = new FloatDistribution(0, 1, false, 0.25);
        ParzenEstimator pe = new ParzenEstimator(
                Map.of("x", new double[] {0.25, 0.25, 0.5}),
                Map.of("x", d),
                1.0,
                TpeSampler::defaultWeights,
                false,
                true);
        double[] s = pe.sample(new Random(1), 20000).get("x");
        double[] count = new double[5];
        for (double v : s) {
            assertThat(d.contains(v)).as("%s in %s", v, d).isTrue();
            count[(int) Math.round(v / 0.25)]++;
        }
        for (int i = 0; i < 5; i++) {
            double p = Math.exp(pe.logPdf(Map.of("x", new double[] {i * 0.25}))[0]);
            assertThat(count[i] / s.length).as("share of %s", i * 0.25).isCloseTo(p, within(0.015));
        }
    }

    static Stream<JsonObject> optunaCases() {
        JsonObject root = JsonParser.parseReader(new InputStreamReader(
                        ParzenEstimatorTest.class.getResourceAsStream("optuna-parzen.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        List<JsonObject> cases = new ArrayList<>();
        root.getAsJsonArray("cases").forEach(e -> cases.add(e.getAsJsonObject()));
        return cases.stream();
    }

    private static double[] doubles(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optunaCases")
    void matchesOptunasParzenEstimator(JsonObject c) {
        Map<String, Distribution> space = new LinkedHashMap<>();
        Map<String, double[]> obs = new LinkedHashMap<>();
        Map<String, double[]> points = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("space").entrySet()) {
            space.put(e.getKey(), Distribution.fromJson(e.getValue().getAsJsonObject()));
            obs.put(e.getKey(), doubles(c.getAsJsonObject("observations").getAsJsonArray(e.getKey())));
            points.put(e.getKey(), doubles(c.getAsJsonObject("points").getAsJsonArray(e.getKey())));
        }
        ParzenEstimator pe = new ParzenEstimator(
                obs,
                space,
                1.0,
                TpeSampler::defaultWeights,
                c.get("multivariate").getAsBoolean(),
                true);
        assertThat(pe.weights()).containsExactly(doubles(c.getAsJsonArray("weights")), within(1e-12));
        for (String name : c.getAsJsonObject("mus").keySet()) {
            assertThat(pe.mus(name))
                    .containsExactly(doubles(c.getAsJsonObject("mus").getAsJsonArray(name)), within(1e-12));
            assertThat(pe.sigmas(name))
                    .containsExactly(doubles(c.getAsJsonObject("sigmas").getAsJsonArray(name)), within(1e-12));
        }
        assertThat(pe.logPdf(points)).containsExactly(doubles(c.getAsJsonArray("log_pdf")), within(1e-9));
    }
}
