/**
 * Study storage in a relational database through JDBC ({@link io.brainseg.tune.storage.JdbcStorage}):
 * Optuna's model (studies, trials, parameters, intermediate values, attributes, heartbeats),
 * created and migrated by Flyway from the versioned scripts in {@code io/brainseg/tune/db}. H2 (a
 * file under the study directory) is the embedded default; PostgreSQL serves several worker
 * processes on one or many machines.
 */
package io.brainseg.tune.storage;
