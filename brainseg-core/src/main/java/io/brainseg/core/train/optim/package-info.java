/**
 * Optimizers whose state can be saved and restored bit for bit, so a resumed run ends with exactly
 * the numbers of an uninterrupted one: {@link io.brainseg.core.train.optim.ResumableAdamW} (PyTorch's
 * {@code AdamW}), {@link io.brainseg.core.train.optim.ResumableAdam} ({@code Adam}) and
 * {@link io.brainseg.core.train.optim.ResumableSgd} ({@code SGD} with momentum and Nesterov).
 *
 * <p>DJL's optimizers in {@code ai.djl.training.optimizer} keep their moment estimates private, so
 * a DJL run cannot be continued exactly; the names here say what they add ({@code Resumable…}) and
 * never shadow DJL's ({@code AdamW}, {@code Adam}, {@code Sgd}), so both can be imported in one file.
 */
package io.brainseg.core.train.optim;
