/**
 * What every transform is built on: {@link io.brainseg.transforms.base.KeyedTransform} (the keys a
 * transform touches and how it replaces a keyed array without leaking the old one),
 * {@link io.brainseg.transforms.base.Backend} (where a transform computes), per-sample helpers and
 * argument checks shared by the transform builders. Users extend {@code KeyedTransform} to write a
 * transform of their own; the other classes are public for the sub-packages, not for users.
 */
package io.brainseg.transforms.base;
