package io.brainseg.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    private static ModelSpec sample() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("inChannels", 3);
        params.put("channels", new int[] {16, 32, 64});
        params.put("strides", List.of(2, 2));
        params.put("dropout", 0.1);
        params.put("norm", Thread.State.NEW);
        params.put("bias", true);
        return ModelSpec.of("unet", params);
    }

    @Test
    void jsonRoundTripKeepsEveryValue() {
        ModelSpec spec = sample();
        ModelSpec back = ModelSpec.fromJson(spec.toJson());

        assertThat(back).isEqualTo(spec);
        assertThat(back.getArchitecture()).isEqualTo("unet");
        assertThat(back.getInt("inChannels")).isEqualTo(3);
        assertThat(back.getIntArray("channels")).containsExactly(16, 32, 64);
        assertThat(back.getIntArray("strides")).containsExactly(2, 2);
        assertThat(back.getDouble("dropout")).isEqualTo(0.1);
        assertThat(back.getString("norm")).isEqualTo("NEW");
        assertThat(back.getBoolean("bias")).isTrue();
    }

    @Test
    void wrongTypeOrMissingKeyNamesTheKey() {
        ModelSpec spec = sample();
        assertThatThrownBy(() -> spec.getInt("dropout"))
                .hasMessageContaining("'dropout'")
                .hasMessageContaining("integer");
        assertThatThrownBy(() -> spec.getInt("outChannels"))
                .hasMessageContaining("'outChannels'")
                .hasMessageContaining("inChannels");
    }

    @Test
    void malformedJsonIsRejected() {
        assertThatThrownBy(() -> ModelSpec.fromJson("{\"params\":{}}")).hasMessageContaining("architecture");
        assertThatThrownBy(() -> ModelSpec.fromJson("[1,2]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> ModelSpec.fromJson("{oops")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownArchitectureListsTheKnownOnes() {
        assertThatThrownBy(() -> ModelRegistry.newBlock(ModelSpec.of("no-such-net", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no-such-net'")
                .hasMessageContaining("known:");
    }
}
