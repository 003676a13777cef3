-- Research use (issue 22, docs/research-use.md).

-- The person's choice about the reuse of their record for research. No row: the policy's default
-- (settings.researchUse: reuse unless the person objects, or opt-in). Erased with the record (ON DELETE CASCADE is
-- never hit: record rows stay as proof; an erased record is never extracted anyway).
CREATE TABLE research_choice (
    record_id   uuid        PRIMARY KEY REFERENCES record (id) ON DELETE CASCADE,
    objected    boolean     NOT NULL,
    chosen_at   timestamptz NOT NULL
);

-- A research project an operator registered. wrapped_key is its pseudonymisation key (HMAC-SHA256), wrapped by the
-- master key with the project id in the AAD; the end of the project sets it to NULL: the pseudonyms of its extracts
-- then link to nobody, the platform included.
CREATE TABLE research_project (
    id             uuid        PRIMARY KEY,
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    purpose        text        NOT NULL CHECK (length(purpose) BETWEEN 1 AND 4000),
    legal_basis    text        NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 1000),
    data_classes   text[]      NOT NULL CHECK (cardinality(data_classes) >= 1),
    period_start   date        NOT NULL,
    period_end     date        NOT NULL CHECK (period_end >= period_start),
    end_date       date        NOT NULL,
    k              int         NOT NULL CHECK (k >= 2),
    wrapped_key    bytea,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL,
    ended_at       timestamptz,
    CHECK (wrapped_key IS NOT NULL OR ended_at IS NOT NULL)
);

-- Every extract made, with its counts (the DPO's list). No person named.
CREATE TABLE research_extract (
    id             uuid        PRIMARY KEY,
    project_id     uuid        NOT NULL REFERENCES research_project (id),
    made_by        text        NOT NULL,
    made_at        timestamptz NOT NULL,
    persons        bigint      NOT NULL,
    documents      bigint      NOT NULL,
    care_lines     bigint      NOT NULL,
    suppressed     bigint      NOT NULL,
    generalised    bigint      NOT NULL,
    report         jsonb       NOT NULL
);
CREATE INDEX research_extract_newest ON research_extract (made_at DESC);
