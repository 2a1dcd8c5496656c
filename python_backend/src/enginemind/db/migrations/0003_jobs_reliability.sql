-- At-most-once jobs and retries that count crashes (issue 12).
-- attempts (existing) counts starts and is the fencing token a runner presents on every write;
-- crashes counts real failures (runner killed, worker lost with its runner) and is what max_attempts limits;
-- runner_pgid is the process group of the current attempt's runner, killed or waited for before a requeue.
ALTER TABLE jobs ADD COLUMN crashes integer NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN runner_pgid integer;

-- Live workers and their slots, so Submit can refuse an nproc no worker can ever run.
CREATE TABLE workers (
    name         text PRIMARY KEY,
    host         text NOT NULL,
    pid          integer NOT NULL,
    slots        integer NOT NULL CHECK (slots >= 1),
    heartbeat_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
