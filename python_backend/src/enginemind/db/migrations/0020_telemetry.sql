-- Robot telemetry (seed_002's robot_telemetry, made production-shaped): identity id, NOT NULL time, JSONB payload.
-- Written with COPY in batches by enginemind.families.telemetry.store; see docs/telemetry.md for partitioning.
CREATE TABLE IF NOT EXISTS robot_telemetry (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    robot_id text NOT NULL,
    data_type text NOT NULL,
    created_at timestamptz NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- latest per robot and type, and one robot's time range
CREATE INDEX IF NOT EXISTS robot_telemetry_robot_type_time
    ON robot_telemetry (robot_id, data_type, created_at DESC);
-- fleet-wide time ranges (exports, retention) on an append-mostly table: tiny BRIN instead of a second B-tree
CREATE INDEX IF NOT EXISTS robot_telemetry_time_brin ON robot_telemetry USING brin (created_at);
