-- Model registry: models, versions with lineage and metrics, artifacts with sha256, aliases.
CREATE TABLE models (
    name       text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    family     text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE model_versions (
    id          bigserial PRIMARY KEY,
    model       text NOT NULL REFERENCES models (name) ON DELETE CASCADE,
    version     integer NOT NULL CHECK (version >= 1),
    family      text NOT NULL DEFAULT '',
    job_id      text REFERENCES jobs (id) ON DELETE SET NULL,
    config      jsonb NOT NULL DEFAULT '{}'::jsonb,
    data_hash   text NOT NULL DEFAULT '',
    metrics     jsonb NOT NULL DEFAULT '{}'::jsonb,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (model, version)
);

CREATE TABLE model_artifacts (
    version_id bigint NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
    name       text NOT NULL,
    path       text NOT NULL,
    size       bigint NOT NULL,
    sha256     text NOT NULL,
    PRIMARY KEY (version_id, name)
);

CREATE TABLE model_aliases (
    model      text NOT NULL REFERENCES models (name) ON DELETE CASCADE,
    alias      text NOT NULL CHECK (alias ~ '^[A-Za-z][A-Za-z0-9._-]{0,63}$' AND alias <> 'latest'),
    version_id bigint NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
    PRIMARY KEY (model, alias)
);
