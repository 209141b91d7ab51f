/** Documented benchmark programs for brainseg-tune (sampler quality on standard test functions). */
package io.brainseg.benchmarks.tune;
