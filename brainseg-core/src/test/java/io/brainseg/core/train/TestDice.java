package io.brainseg.core.train;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.batch.SliceId;
import io.brainseg.core.metric.SegmentationMetric;
import java.util.List;

/**
 * A test-only Dice: per sample {@code 2Σ(p·t)/(Σp + Σt)}, samples with an empty ground truth
 * skipped (MONAI's ignore_empty), mean over the rest (0 if none).
 */
public final class TestDice implements SegmentationMetric {

    private double sum;
    private int count;

    @Override
    public String getName() {
        return "dice";
    }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public void update(NDArray prediction, NDArray target, List<SliceId> ids) {
        float[] inter = prediction.mul(target).sum(new int[] {1, 2, 3}).toFloatArray();
        float[] p = prediction.sum(new int[] {1, 2, 3}).toFloatArray();
        float[] t = target.sum(new int[] {1, 2, 3}).toFloatArray();
        for (int i = 0; i < inter.length; i++) {
            if (t[i] > 0) {
                sum += 2.0 * inter[i] / (p[i] + t[i]);
                count++;
            }
        }
    }

    @Override
    public double compute() {
        return count == 0 ? 0 : sum / count;
    }
}
