package io.brainseg.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reflective default description: settings in, state and data out. */
class ConfigsTest {

    enum Mode {
        FAST,
        EXACT
    }

    static class Base implements Configurable {
        private final String name = "base";
    }

    static final class Part implements Configurable {
        private final double gamma;

        Part(double gamma) {
            this.gamma = gamma;
        }
    }

    static final class Thing extends Base {
        private static final int CONSTANT = 3;
        private final int size = 4;
        private final Mode mode = Mode.EXACT;
        private final int[] roi = {224, 224};
        private final List<String> keys = List.of("image", "mask");
        private final List<double[]> rows = new ArrayList<>(List.<double[]>of(new double[] {1}));
        private final List<Double> values = new ArrayList<>(List.of(0.5));
        private final Part part = new Part(2.0);
        private final Double unset = null;
        private int counter = 7;
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordsFinalSettingsOfValueTypeSuperclassFirstAndNestsComponents() {
        Map<String, Object> c = new Thing().getConfig();
        assertThat(c.keySet()).containsExactly("name", "size", "mode", "roi", "keys", "part");
        assertThat(c)
                .containsEntry("name", "base")
                .containsEntry("size", 4)
                .containsEntry("mode", "EXACT")
                .containsEntry("roi", List.of(224, 224))
                .containsEntry("keys", List.of("image", "mask"));
        Map<String, Object> part = (Map<String, Object>) c.get("part");
        assertThat(part).containsEntry("class", Part.class.getName());
        assertThat((Map<String, Object>) part.get("config")).containsExactlyEntriesOf(Map.of("gamma", 2.0));
    }

    @Test
    void describeNamesTheClass() {
        assertThat(Configs.describe(new Part(1.5)))
                .containsEntry("class", Part.class.getName())
                .containsEntry("config", Map.of("gamma", 1.5));
        assertThat(Configs.describe("not configurable")).containsOnlyKeys("class");
    }
}
