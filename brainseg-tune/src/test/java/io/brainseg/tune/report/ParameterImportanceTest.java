package io.brainseg.tune.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.space.CategoricalDistribution;
import io.brainseg.tune.space.Distribution;
import io.brainseg.tune.space.FloatDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterImportanceTest {

    @TempDir
    Path tmp;

    @Test
    void etaSquaredOfTwoCategoricalGroupsMatchesTheHandValue() {
        // Groups a: {1, 3} (mean 2), b: {5, 7} (mean 6); grand mean 4.
        // Between = 2·4 + 2·4 = 16; total = 9 + 1 + 1 + 9 = 20 -> 0.8.
        List<double[]> xy = List.of(new double[] {0, 1}, new double[] {0, 3}, new double[] {1, 5}, new double[] {1, 7});
        assertThat(ParameterImportance.etaSquared(xy, true)).isCloseTo(0.8, within(1e-12));
    }

    private static List<FrozenTrial> trials() {
        // value = 10·x + 0.1·c: x dominates; the best is x = 19/20 (trial 17, 17·7 mod 20 = 19), c = 32.
        List<FrozenTrial> out = new ArrayList<>();
        Map<String, Distribution> d =
                Map.of("x", FloatDistribution.uniform(0, 1), "c", CategoricalDistribution.of(16, 32));
        for (int i = 0; i < 20; i++) {
            double x = (i * 7 % 20) / 20.0;
            double c = i % 2;
            out.add(new FrozenTrial(
                    i,
                    i,
                    TrialState.COMPLETE,
                    10 * x + 0.1 * c,
                    Map.of("x", x, "c", c),
                    d,
                    new TreeMap<>(Map.of(0, x)),
                    Map.of("run_dir", "/runs/" + i),
                    Map.of(),
                    null,
                    null));
        }
        out.add(new FrozenTrial(
                20,
                20,
                TrialState.FAIL,
                null,
                Map.of("x", 0.5),
                d,
                new TreeMap<>(),
                Map.of(),
                Map.of("fail_reason", "diverged <NaN>"),
                null,
                null));
        return out;
    }

    @Test
    void theParameterThatDrivesTheObjectiveRanksFirstAndSharesSumToOne() {
        Map<String, Double> imp = ParameterImportance.compute(trials());
        assertThat(imp.keySet()).containsExactly("x", "c");
        assertThat(imp.get("x")).isGreaterThan(0.9);
        assertThat(imp.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void theReportHasEveryChartAndTheTrialTable() throws Exception {
        Path file = StudyReport.write("demo", StudyDirection.MAXIMIZE, trials(), tmp);
        String html = Files.readString(file);
        assertThat(html)
                .contains(
                        "Optimisation history",
                        "report-history.png",
                        "report-param-0.png",
                        "report-param-1.png",
                        "report-parallel.png",
                        "report-importance.png",
                        "Best: trial 17, value 9.6000",
                        "diverged &lt;NaN&gt;",
                        "/runs/17");
        for (String png :
                new String[] {"report-history.png", "report-param-0.png", "report-parallel.png", "report-importance.png"
                }) {
            assertThat(Files.size(tmp.resolve(png))).as(png).isGreaterThan(1000);
        }
    }
}
