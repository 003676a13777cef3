package fr.sante.dmp.store.alert;

/** The alert feed's statements, prepared with parameters. */
final class AlertSql {
    private AlertSql() {
    }

    /** SKIP LOCKED: while another instance runs a batch, this one has nothing to do (no row comes back). */
    static final String LOCK_CURSOR = "SELECT seq FROM alert_feed_cursor WHERE id FOR UPDATE SKIP LOCKED";

    static final String MOVE_CURSOR = "UPDATE alert_feed_cursor SET seq = $1 WHERE id";

    /**
     * The end of the batch ($1 cursor, $2 batch size): how many entries and the last seq. Fixed first, so that the
     * decision below, a later statement with a later snapshot, sees exactly these entries and no newer one. Appends
     * hold the audit head's row lock until they commit, so committed seqs have no gap behind a later one.
     */
    static final String BATCH_END = "SELECT count(*), max(seq) FROM (SELECT seq FROM audit_log WHERE seq > $1 "
            + "ORDER BY seq LIMIT $2) b";

    /**
     * The alerts of the entries in ($1, $2], decided in one statement: $3 the access actions, $4 the deposit action,
     * $5 the release of a withheld document, $6 the opening of a care context. Only allowed, non-emergency (those have
     * their own notice) professional entries on an ACTIVE record (a closed or opposed record gets no message).
     * <ul>
     * <li>A deposit alerts when new documents were chosen, unless the document is withheld from the patient and not
     * released yet (R1111-53: nothing announces it before the announcement consultation); its release alerts then.</li>
     * <li>An access (a care context's opening included) alerts when every access was chosen, or first accesses (the
     * default, no preference row) and the same professional has no earlier allowed entry on this record (by
     * audit_log_by_patient); a context the professional declared (the only openings that carry a reason) alerts at
     * that first access whatever the choices; any opening alerts when the patient chose care-context alerts.</li>
     * <li>Nothing about a document confidential from representatives (a minor's secret care, L1111-5): the record's
     * contact may be a parent's phone or e-mail, so no message tells of its deposit or its reading.</li>
     * </ul>
     * Several entries of one professional on one record in the batch give one alert, keyed by the first entry's seq.
     *
     * <p>The record and the preferences are looked up per candidate in {@code LATERAL} subqueries with {@code LIMIT 1},
     * which the planner cannot flatten into a join: once PostgreSQL switches the prepared statement to its generic
     * plan, it cannot see how narrow ($1, $2] is and chose a hash join fed by a sequential scan of the whole record
     * table (104 ms per batch at 100,000 persons, a pass every 5 s stalling reads for up to 300 ms; minutes at 40
     * million). Now every plan is index probes per candidate ({@code git show baafc61:docs/BENCHMARKS.md},
     * "Session 5").
     */
    static final String DECIDE = """
            WITH candidate AS (
                SELECT l.seq, l.at, l.actor_id, l.ins_hash,
                       CASE WHEN l.action = $4 OR l.action = $5 THEN 'new-document' ELSE 'access' END AS template,
                       l.action = $6 AS opening, l.action = $6 AND l.reason IS NOT NULL AS declared
                FROM audit_log l
                WHERE l.seq > $1 AND l.seq <= $2 AND l.allowed AND NOT l.break_glass
                  AND l.actor_kind = 'PROFESSIONAL' AND l.ins_hash IS NOT NULL
                  AND (l.action = ANY ($3) OR l.action = $4 OR l.action = $5 OR l.action = $6)
                  AND NOT (l.action = $4 AND EXISTS (SELECT 1 FROM document d WHERE d.id = l.document_id
                                                     AND d.withheld_from_patient AND d.released_at IS NULL))
                  AND NOT (l.document_id IS NOT NULL AND EXISTS (SELECT 1 FROM document d WHERE d.id = l.document_id
                                                     AND d.confidential_from_representatives))
            )
            SELECT DISTINCT ON (r.id, c.actor_id, c.template)
                   c.seq, c.at, c.template, r.id, r.wrapped_key, r.identity, r.language, a.channel
            FROM candidate c
            CROSS JOIN LATERAL (SELECT r.id, r.wrapped_key, r.identity, r.language FROM record r
                                WHERE r.ins_hash = c.ins_hash AND r.state = 'ACTIVE' LIMIT 1) r
            LEFT JOIN LATERAL (SELECT a.channel, a.new_document, a.every_access, a.first_access, a.care_context
                               FROM alert_preferences a WHERE a.record_id = r.id LIMIT 1) a ON true
            WHERE CASE WHEN c.template = 'new-document' THEN coalesce(a.new_document, false)
                  ELSE coalesce(a.every_access, false)
                       OR (c.opening AND coalesce(a.care_context, false))
                       OR ((coalesce(a.first_access, true) OR c.declared) AND NOT EXISTS (
                           SELECT 1 FROM audit_log p
                           WHERE p.ins_hash = c.ins_hash AND p.seq < c.seq AND p.actor_kind = 'PROFESSIONAL'
                             AND p.actor_id = c.actor_id AND p.allowed))
                  END
            ORDER BY r.id, c.actor_id, c.template, c.seq""";
}
