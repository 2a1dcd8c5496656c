-- Bone mapping feedback: users' corrected mappings, keyed by a fingerprint of the source skeleton.
-- Read back when the same skeleton is mapped again (corrections override the engines) and by the next
-- bonemap training job (corrected bones become training examples).
CREATE TABLE bonemap_feedback (
    id          bigserial PRIMARY KEY,
    fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    target      text NOT NULL CHECK (length(target) BETWEEN 1 AND 200),
    skeleton    jsonb NOT NULL,
    mapping     jsonb NOT NULL CHECK (jsonb_typeof(mapping) = 'object'),
    note        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX bonemap_feedback_lookup_idx ON bonemap_feedback (fingerprint, target, id);
