package fr.sante.dmp.store.keys;

/** The statements of master-key rotation (key_rotation, V5_1). */
final class KeyRotationSql {
    /** A new rotation, or a new pass of a finished one (the cursor restarts; a pass over done keys only counts them). */
    static final String START = "INSERT INTO key_rotation (target_key_id, started_at, updated_at) VALUES ($1, $2, $2) "
            + "ON CONFLICT (target_key_id) DO UPDATE SET cursor_id = NULL, rewrapped = 0, already = 0, "
            + "started_at = $2, updated_at = $2, finished_at = NULL WHERE key_rotation.finished_at IS NOT NULL";
    /** Locked per batch: two rotation commands at once take turns instead of walking the same records. */
    static final String LOCK_CURSOR = "SELECT cursor_id, rewrapped, already FROM key_rotation "
            + "WHERE target_key_id = $1 FOR UPDATE";
    static final String COUNT_KEYS = "SELECT count(*) FROM record WHERE wrapped_key IS NOT NULL";
    /** The next batch by primary key: an index range scan however large the table. */
    static final String NEXT_KEYS = "SELECT id, wrapped_key FROM record WHERE id > $1 AND wrapped_key IS NOT NULL "
            + "ORDER BY id LIMIT $2";
    /** Compare-and-set: a key destroyed or replaced since it was read is left alone. */
    static final String REPLACE_KEY = "UPDATE record SET wrapped_key = $3 WHERE id = $1 AND wrapped_key = $2";
    static final String MOVE_CURSOR = "UPDATE key_rotation SET cursor_id = $2, rewrapped = rewrapped + $3, "
            + "already = already + $4, updated_at = $5 WHERE target_key_id = $1";
    static final String FINISH = "UPDATE key_rotation SET finished_at = $2, updated_at = $2 WHERE target_key_id = $1";
    static final String COUNT_NOT_UNDER = "SELECT count(*) FROM record WHERE wrapped_key IS NOT NULL "
            + "AND substring(wrapped_key FROM 1 FOR 5) <> $1";

    private KeyRotationSql() {
    }
}
