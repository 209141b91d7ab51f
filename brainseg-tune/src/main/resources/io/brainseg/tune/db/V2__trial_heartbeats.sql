-- Version 2: worker heartbeats (Optuna's trial_heartbeats), so a trial whose worker died can be
-- failed and retried by the others. NaN/infinite intermediate values are kept as a type beside a
-- NULL value, as Optuna does, because not every database stores IEEE specials.
CREATE TABLE trial_heartbeats (
    trial_id  BIGINT    NOT NULL PRIMARY KEY REFERENCES trials (trial_id) ON DELETE CASCADE,
    heartbeat TIMESTAMP NOT NULL
);

ALTER TABLE trial_intermediate_values ADD COLUMN value_type VARCHAR(8) DEFAULT 'FINITE' NOT NULL;
