package io.brainseg.tune.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.batch.SliceId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DownsampleTest {

    @Test
    void keepsEveryOtherRowAndColumnOfImageAndMask() {
        try (NDManager m = NDManager.newBaseManager();
                SampleBatch b = SampleBatch.of(m, List.of(new SliceId("p", 1)))) {
            float[] img = new float[2 * 4 * 4];
            for (int i = 0; i < img.length; i++) {
                img[i] = i;
            }
            b.set(SampleBatch.IMAGE, m.create(img, new Shape(1, 2, 4, 4)));
            b.set(SampleBatch.MASK, m.create(new float[16], new Shape(1, 1, 4, 4)));
            new Downsample(2).apply(b, new Random(0));
            assertThat(b.get(SampleBatch.IMAGE).getShape()).isEqualTo(new Shape(1, 2, 2, 2));
            assertThat(b.get(SampleBatch.MASK).getShape()).isEqualTo(new Shape(1, 1, 2, 2));
            // Channel c, row r, column k of the input is c·16 + r·4 + k; kept rows/columns 0 and 2.
            assertThat(b.get(SampleBatch.IMAGE).toFloatArray()).containsExactly(0, 2, 8, 10, 16, 18, 24, 26);
        }
    }
}
