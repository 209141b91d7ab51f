package io.brainseg.core.train.optim;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;

/**
 * An immutable description of an optimizer (its hyper-parameters) that creates, saves and restores
 * the per-run {@link OptimizerState}.
 *
 * <p>The split follows {@code torch.optim}: the hyper-parameters are configuration and go to
 * {@code config.json} ({@link #toJson()}); the moments and the step count are state and go to every
 * checkpoint ({@link OptimizerState#encode()}). One description may serve any number of runs, each
 * with its own state.
 */
public interface ResumableOptimizer {

    /**
     * Returns the name used in {@code config.json}: {@code "AdamW"}, {@code "Adam"} or {@code "SGD"}.
     *
     * @return the optimizer's type
     */
    String getType();

    /**
     * Describes every hyper-parameter, with {@code "type"} = {@link #getType()}, for
     * {@code config.json}; {@link #fromJson} reads it back.
     *
     * @return a new JSON object
     */
    JsonObject toJson();

    /**
     * Creates the state of a new run: zero moments, step 0.
     *
     * @param manager owns the moments for the life of the run; the caller closes it
     * @param weights the trainable weights, in the order every later call uses
     * @return the state
     */
    OptimizerState newState(NDManager manager, NDList weights);

    /**
     * Restores a state written by {@link OptimizerState#encode()}.
     *
     * @param manager owns the moments for the life of the run
     * @param weights the weights, to check count and shapes against
     * @param data the encoded moments
     * @param step the number of updates already applied (saved beside the moments)
     * @return the state
     * @throws IllegalArgumentException if the data is truncated or corrupt, or the count or shapes do
     *     not match the weights (the message says which)
     */
    OptimizerState decodeState(NDManager manager, NDList weights, byte[] data, long step);

    /**
     * Reads a description written by {@link #toJson()}.
     *
     * @param json the description
     * @return the optimizer
     * @throws IllegalArgumentException if the type is unknown or a value is out of range
     */
    static ResumableOptimizer fromJson(JsonObject json) {
        String type = json.has("type") ? json.get("type").getAsString() : "?";
        switch (type) {
            case ResumableAdamW.TYPE:
                return readAdam(ResumableAdamW.builder(), json).build();
            case ResumableAdam.TYPE:
                return readAdam(ResumableAdam.builder(), json).build();
            case ResumableSgd.TYPE:
                return ResumableSgd.builder()
                        .optMomentum(json.get("momentum").getAsDouble())
                        .optDampening(json.get("dampening").getAsDouble())
                        .optNesterov(json.get("nesterov").getAsBoolean())
                        .optWeightDecay(json.get("weightDecay").getAsDouble())
                        .build();
            default:
                throw new IllegalArgumentException("unknown optimizer type '" + type + "' (expected "
                        + ResumableAdamW.TYPE + ", " + ResumableAdam.TYPE + " or " + ResumableSgd.TYPE + ")");
        }
    }

    /** Sets an Adam builder's β1, β2, ε and λ from a description. */
    private static <B extends AdamBuilder<B>> B readAdam(B builder, JsonObject json) {
        return builder.optBetas(
                        json.get("beta1").getAsDouble(), json.get("beta2").getAsDouble())
                .optEpsilon(json.get("epsilon").getAsDouble())
                .optWeightDecay(json.get("weightDecay").getAsDouble());
    }
}
