-- Mission planner (family "planner"): executed plans with their outcome and the operator's correction.
-- Successful executions feed the knowledge patterns; corrections feed the next LoRA training job.
CREATE TABLE IF NOT EXISTS planner_executions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    robot_id text NOT NULL DEFAULT '',
    mission text NOT NULL,
    context jsonb NOT NULL DEFAULT '{}'::jsonb,
    planner text NOT NULL DEFAULT '',
    plan jsonb NOT NULL DEFAULT '[]'::jsonb,
    step_results jsonb NOT NULL DEFAULT '[]'::jsonb,
    success boolean NOT NULL,
    correction jsonb,
    note text NOT NULL DEFAULT ''
);

CREATE INDEX IF NOT EXISTS planner_executions_created ON planner_executions (created_at DESC);
CREATE INDEX IF NOT EXISTS planner_executions_corrected ON planner_executions (id) WHERE correction IS NOT NULL;
