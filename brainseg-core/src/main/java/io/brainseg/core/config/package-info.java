/**
 * How components describe their hyper-parameters for a run's {@code config.json}:
 * {@link io.brainseg.core.config.Configurable} and the reflective default behind it,
 * {@link io.brainseg.core.config.Configs}.
 */
package io.brainseg.core.config;
