package io.brainseg.tune.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.storage.JdbcStorage;
import io.brainseg.tune.study.Study;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GridSamplerTest {

    @Test
    void visitsEveryGridPointOnceBeforeRepeating() {
        GridSampler grid = new GridSampler(Map.of("batch", List.of(16, 32), "filters", List.of(8, 16, 32)), 5);
        assertThat(grid.gridSize()).isEqualTo(6);
        try (JdbcStorage storage = JdbcStorage.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
                Study study = Study.builder()
                        .setStudyName("g")
                        .setStorage(storage)
                        .optSampler(grid)
                        .build()) {
            study.optimize(
                    t -> {
                        long b = (Long) t.suggestCategorical("batch", List.of(16, 32));
                        long f = (Long) t.suggestCategorical("filters", List.of(8, 16, 32));
                        return b + f;
                    },
                    6,
                    null);
            Set<Map<String, Object>> seen = new HashSet<>();
            for (FrozenTrial t : study.getTrials()) {
                seen.add(t.params());
            }
            assertThat(seen).hasSize(6);
            assertThat(grid.isExhausted(study)).isTrue();
        }
    }
}
