package io.brainseg.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.config.Configurable;
import io.brainseg.core.transform.BatchTransform;
import java.util.random.RandomGenerator;

/** A loss and a transform with parameters, to test how config.json records and checks them. */
final class ConfiguredParts {

    private ConfiguredParts() {}

    /** Binary cross-entropy times a weight; the weight is its one parameter. */
    static final class WeightedBce extends Loss implements Configurable {
        private final Loss inner = Loss.sigmoidBinaryCrossEntropyLoss();
        private final double weight;

        WeightedBce(double weight) {
            super("weighted_bce");
            this.weight = weight;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return inner.evaluate(labels, predictions).mul((float) weight);
        }
    }

    /** Scales uint8 to 0..1 and adds a constant; the constant is its one parameter. */
    static final class ScaleAndShift implements BatchTransform {
        private final float shift;

        ScaleAndShift(float shift) {
            this.shift = shift;
        }

        @Override
        public void apply(SampleBatch batch, RandomGenerator rng) {
            new io.brainseg.core.transform.ScaleToUnit().apply(batch, rng);
            batch.set(SampleBatch.IMAGE, batch.get(SampleBatch.IMAGE).add(shift));
        }
    }
}
