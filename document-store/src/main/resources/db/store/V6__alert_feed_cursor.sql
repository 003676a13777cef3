-- The patient's chosen alerts (first access, every access, new document) follow the audit log instead of the request
-- paths: a job reads the committed entries after this cursor, enqueues the alerts and moves the cursor in the same
-- transaction (package alert). One row, locked FOR UPDATE SKIP LOCKED so that one instance at a time runs a batch.
CREATE TABLE alert_feed_cursor (
    id   boolean PRIMARY KEY DEFAULT true CHECK (id),
    seq  bigint  NOT NULL
);
-- Starts at the current head: accesses made before alerts existed are not announced after the fact.
INSERT INTO alert_feed_cursor (id, seq) SELECT true, seq FROM audit_head;
