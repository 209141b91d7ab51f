/**
 * Networks by name: a {@link io.brainseg.core.model.ModelSpec} (architecture name and parameters, as
 * JSON) describes a network, {@link io.brainseg.core.model.ModelFactory} services (found with
 * {@link java.util.ServiceLoader}) build it, and {@link io.brainseg.core.model.ModelRegistry} looks the
 * factory up. Checkpoints store the spec, so a predictor rebuilds the network without knowing its
 * class.
 */
package io.brainseg.core.model;
