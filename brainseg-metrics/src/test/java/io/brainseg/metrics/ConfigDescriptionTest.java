package io.brainseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.brainseg.metrics.loss.DiceFocalLoss;
import io.brainseg.metrics.loss.FocalLoss;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Losses and metrics describe their settings for config.json; accumulated data is not a setting. */
class ConfigDescriptionTest {

    @Test
    @SuppressWarnings("unchecked")
    void diceFocalDescribesItsWeightsAndBothParts() {
        Map<String, Object> c =
                DiceFocalLoss.builder().optGamma(3.0).optLambdaDice(0.7).build().getConfig();
        assertThat(c).containsEntry("lambdaDice", 0.7).containsEntry("lambdaFocal", 1.0);
        assertThat((Map<String, Object>) c.get("focal")).containsEntry("gamma", 3.0);
        assertThat((Map<String, Object>) c.get("dice")).containsEntry("sigmoid", true);
        assertThat(FocalLoss.builder().build().getConfig())
                .containsEntry("gamma", 2.0)
                .doesNotContainKey("alpha");
    }

    @Test
    void aMetricsDescriptionIsItsSettingsAndDoesNotChangeWithUpdates() {
        DiceMetric dice = DiceMetric.builder().build();
        Map<String, Object> before = dice.getConfig();
        assertThat(before).containsEntry("name", "dice").containsKeys("ignoreEmpty", "reduction");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = m.ones(new Shape(2, 1, 4, 4));
            dice.update(y, y, List.of());
        }
        assertThat(dice.getConfig()).isEqualTo(before);
    }
}
