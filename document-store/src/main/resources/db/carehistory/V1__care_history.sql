-- Insurer-fed care history (issue 7). Its own migrations and Flyway history table (flyway_history_carehistory), run
-- after the store's: the feature can evolve without touching the record schema. See docs/care-history.md.

-- The patient's choice for the whole history: quarantined (default, no row) or opened to all professionals allowed on
-- the record. Keyed by record id like consent_settings; no foreign key, as for the lines below.
CREATE TABLE care_history_settings (
    record_id              uuid        PRIMARY KEY,
    open_to_professionals  boolean     NOT NULL,
    updated_at             timestamptz NOT NULL
);

-- One reimbursed act or drug. ~2 billion rows at national scale (40 M people x ~25 lines a year x 24 months):
--   * RANGE partitioned by month of care, so the 24-month purge drops whole months (no row-by-row delete, no bloat)
--     and a patient's read touches at most 25 month partitions through their primary-key index;
--   * each month HASH sub-partitioned by record id (care_history_ensure_partitions' hash_partitions), so a month
--     (~85 M rows) splits into pieces that vacuum and index in minutes, and could move to Citus shards by record id.
-- The idempotency key is (record_id, date_of_care, line_id): a primary key on a partitioned table must contain the
-- partition keys. A replayed line (same INS, same date, same id) is skipped by ON CONFLICT DO NOTHING.
-- Columns in the clear are only what the consent filter and the window need; everything else (code, label, RPPS of
-- prescriber and performer, amount) is in payload, sealed with the patient's data key (AAD = record id, date, line
-- id): a performer's RPPS next to a date says "saw a psychiatrist" as surely as a diagnosis code.
-- Column order packs fixed-width columns before the variable ones (no alignment padding).
-- No foreign key to record: bulk inserts would pay one more index probe per line, and record rows are never deleted
-- (an erased record keeps its row as proof; its lines go with its key, see CareHistorySql.DELETE_RECORD_LINES).
CREATE TABLE care_history_line (
    record_id           uuid    NOT NULL,
    date_of_care        date    NOT NULL,
    sensitive           boolean NOT NULL,       -- flagged sensitive by the insurer
    minor_confidential  boolean NOT NULL,       -- a minor's confidential act (L1111-5, R1111-33)
    patient_choice      boolean,                -- NULL: none; true: hidden by the patient; false: shown by the patient
    line_id             text    NOT NULL CHECK (octet_length(line_id) BETWEEN 1 AND 64),
    payload             bytea   NOT NULL,
    PRIMARY KEY (record_id, date_of_care, line_id)
) PARTITION BY RANGE (date_of_care);

-- Creates the missing month partitions from first_month to last_month (inclusive), each hash sub-partitioned by
-- record id when hash_partitions > 1 (each month may use its own modulus: grow it for future months as volume grows).
-- An advisory lock serializes concurrent callers (several gateway instances starting at once).
CREATE FUNCTION care_history_ensure_partitions(first_month date, last_month date, hash_partitions int)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    m        date := date_trunc('month', first_month)::date;
    name     text;
    created  int := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('care_history_partitions'));
    WHILE m <= last_month LOOP
        name := 'care_history_line_' || to_char(m, 'YYYY"m"MM');
        IF to_regclass(name) IS NULL THEN
            IF hash_partitions > 1 THEN
                EXECUTE format('CREATE TABLE %I PARTITION OF care_history_line FOR VALUES FROM (%L) TO (%L) '
                               'PARTITION BY HASH (record_id)', name, m, (m + interval '1 month')::date);
                FOR i IN 0 .. hash_partitions - 1 LOOP
                    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS %s, REMAINDER %s)',
                                   name || '_h' || i, name, hash_partitions, i);
                END LOOP;
            ELSE
                EXECUTE format('CREATE TABLE %I PARTITION OF care_history_line FOR VALUES FROM (%L) TO (%L)',
                               name, m, (m + interval '1 month')::date);
            END IF;
            created := created + 1;
        END IF;
        m := (m + interval '1 month')::date;
    END LOOP;
    RETURN created;
END $$;

-- Drops the month partitions that end on or before cutoff (every line in them is outside the window): the purge of a
-- whole month is a catalogue operation, not 85 M deletes.
CREATE FUNCTION care_history_drop_partitions_before(cutoff date)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    part     record;
    dropped  int := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('care_history_partitions'));
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'care_history_line'::regclass
          AND c.relname ~ '^care_history_line_[0-9]{4}m[0-9]{2}$'
    LOOP
        IF (to_date(substr(part.relname, 19), 'YYYY"m"MM') + interval '1 month')::date <= cutoff THEN
            EXECUTE format('DROP TABLE %I', part.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END $$;
