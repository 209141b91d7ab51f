package io.brainseg.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.testing.ManagerFixture;
import io.brainseg.core.transform.BatchTransform;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ComposeTest {

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    @Test
    void splitSeparatesTheDeterministicPrefixAtTheFirstRandomTransform() {
        Compose train = Transforms.referenceTrain(32);
        Compose.Split split = train.splitDeterministicPrefix();
        assertThat(split.deterministicPrefix().getTransforms()).hasSize(2);
        assertThat(split.deterministicPrefix().isRandom()).isFalse();
        assertThat(split.randomSuffix().getTransforms()).hasSize(6);
        assertThat(split.randomSuffix().isRandom()).isTrue();
        assertThat(Transforms.referenceValidation(32).isRandom()).isFalse();
    }

    @Test
    void cachedPrefixThenSuffixEqualsTheWholePipeline() {
        Compose train = Transforms.referenceTrain(32);
        Compose.Split split = train.splitDeterministicPrefix();
        float[] whole;
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 4, 48, 48, 1)) {
            train.apply(batch, new SplittableRandom(9));
            whole = batch.get("image").toFloatArray();
        }
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 4, 48, 48, 1)) {
            split.deterministicPrefix().apply(batch, new SplittableRandom(0));
            split.randomSuffix().apply(batch, new SplittableRandom(9));
            assertThat(batch.get("image").toFloatArray()).containsExactly(whole);
        }
    }

    @Test
    void seededPipelineResetRepeatsItsDraws() {
        SeededPipeline p = Transforms.referenceTrain(32).seeded(77);
        float[] first;
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 4, 48, 48, 1)) {
            p.apply(batch);
            first = batch.get("image").toFloatArray();
        }
        p.reset();
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 4, 48, 48, 1)) {
            p.apply(batch);
            assertThat(batch.get("image").toFloatArray()).containsExactly(first);
        }
        assertThat(p.getSeed()).isEqualTo(77);
    }

    @Test
    void composeNestsAndAnEmptyComposeIsTheIdentity() {
        BatchTransform inner = Transforms.compose().build();
        Compose outer = Transforms.compose().add(inner).build();
        try (SampleBatch batch = BatchFixtures.loaderLike(MANAGER.get(), 2, 8, 8, 1)) {
            float[] before = batch.get("image")
                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .toFloatArray();
            outer.apply(batch, new SplittableRandom(0));
            assertThat(batch.get("image")
                            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                            .toFloatArray())
                    .containsExactly(before);
        }
        assertThat(outer.isRandom()).isFalse();
    }
}
