-- Jobs queue and job events (the history replayed by Jobs.Watch).
CREATE TABLE jobs (
    id               text PRIMARY KEY,
    family           text NOT NULL,
    state            text NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    config           jsonb NOT NULL DEFAULT '{}'::jsonb,
    nproc            integer NOT NULL DEFAULT 1 CHECK (nproc >= 1),
    attempts         integer NOT NULL DEFAULT 0,
    max_attempts     integer NOT NULL DEFAULT 3,
    worker           text,
    worker_host      text,
    worker_pid       integer,
    error            text,
    cancel_requested boolean NOT NULL DEFAULT false,
    step             bigint NOT NULL DEFAULT 0,
    total            bigint NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_at       timestamptz,
    finished_at      timestamptz,
    heartbeat_at     timestamptz
);

CREATE INDEX jobs_queued_idx ON jobs (created_at) WHERE state = 'queued';
CREATE INDEX jobs_running_idx ON jobs (heartbeat_at) WHERE state = 'running';
CREATE INDEX jobs_list_idx ON jobs (created_at DESC, id DESC);

CREATE TABLE job_events (
    seq     bigserial PRIMARY KEY,
    job_id  text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    time    timestamptz NOT NULL DEFAULT clock_timestamp(),
    kind    text NOT NULL CHECK (kind IN ('state', 'progress', 'metric', 'log', 'artifact')),
    payload jsonb NOT NULL
);

CREATE INDEX job_events_job_idx ON job_events (job_id, seq);
