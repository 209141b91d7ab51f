/**
 * NDArray utilities that work around engine behaviour. {@link io.brainseg.core.ndarray.Scalars} makes a
 * scalar in engine-owned memory: DJL's number overloads ({@code x.mul(2)}) wrap memory the garbage
 * collector may free before the backward pass reads it.
 */
package io.brainseg.core.ndarray;
