package io.brainseg.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pipelines describe every transform's parameters for a run's config.json, not only class names. */
class TransformConfigTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Compose pipeline) {
        return (List<Map<String, Object>>) pipeline.getConfig().get("transforms");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> step) {
        return (Map<String, Object>) step.get("config");
    }

    @Test
    void theReferencePipelineRecordsEachTransformWithItsParameters() {
        List<Map<String, Object>> steps = steps(Transforms.referenceTrain(224));
        assertThat(steps)
                .extracting(s -> ((String) s.get("class")).replaceAll(".*\\.", ""))
                .containsExactly(
                        "CastToType",
                        "ScaleIntensityRange",
                        "RandFlip",
                        "RandRotate",
                        "RandSpatialCrop",
                        "RandScaleIntensity",
                        "RandShiftIntensity",
                        "RandGaussianNoise");
        assertThat(config(steps.get(2))).containsEntry("prob", 0.5);
        assertThat(config(steps.get(4))).containsEntry("roi", List.of(224, 224)).containsEntry("randomSize", false);
        assertThat(config(steps.get(6)))
                .containsEntry("prob", 0.5)
                .containsEntry("lo", -0.1)
                .containsEntry("hi", 0.1);
        assertThat(config(steps.get(0))).containsEntry("keys", List.of("image", "mask"));
    }

    @Test
    void aDifferentParameterGivesADifferentDescription() {
        assertThat(Transforms.referenceTrain(224).getConfig())
                .isEqualTo(Transforms.referenceTrain(224).getConfig());
        assertThat(Transforms.referenceTrain(192).getConfig())
                .isNotEqualTo(Transforms.referenceTrain(224).getConfig());
        assertThat(Transforms.referenceValidation(224).getConfig())
                .isNotEqualTo(Transforms.referenceTrain(224).getConfig());
    }
}
