package fr.sante.dmp.store.breakglass;

/** The grants' statements, prepared with parameters. */
final class BreakGlassSql {
    private BreakGlassSql() {
    }

    static final String RECORD = "SELECT r.id, r.wrapped_key, r.identity, r.language, cs.treating_doctor "
            + "FROM record r LEFT JOIN consent_settings cs ON cs.record_id = r.id WHERE r.ins_hash = $1";

    static final String INSERT = "INSERT INTO break_glass_grant (id, record_id, rpps, granted_at, expires_at, reason, "
            + "treating_doctor, notification_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private static final String REVIEW_COLUMNS = "SELECT g.id, g.record_id, g.rpps, g.granted_at, g.expires_at, "
            + "g.reason, g.treating_doctor, g.reviewed_at, g.reviewed_by, r.wrapped_key, "
            + "(SELECT o.status FROM outbox_message o WHERE o.id = g.notification_id), f.flagged_at, f.flagged_by "
            + "FROM break_glass_grant g JOIN record r ON r.id = g.record_id "
            + "LEFT JOIN break_glass_flag f ON f.grant_id = g.id ";

    /** $1 treating doctor (null: every doctor), $2 pending only, $3 limit. */
    static final String REVIEWS = REVIEW_COLUMNS
            + "WHERE ($1::text IS NULL OR g.treating_doctor = $1) AND (NOT $2 OR g.reviewed_at IS NULL) "
            + "ORDER BY g.granted_at DESC LIMIT $3";

    static final String ONE = REVIEW_COLUMNS + "WHERE g.id = $1";

    /** $1 grant, $2 operator, $3 now. The first flag is kept; nothing for an unknown grant. */
    static final String FLAG = "INSERT INTO break_glass_flag (grant_id, flagged_at, flagged_by) "
            + "SELECT id, $3, $2 FROM break_glass_grant WHERE id = $1 ON CONFLICT (grant_id) DO NOTHING";

    /** $1 id, $2 reviewer, $3 treating doctor (null: the officer, any grant), $4 now. First review wins. */
    static final String MARK_REVIEWED = "UPDATE break_glass_grant SET reviewed_at = coalesce(reviewed_at, $4), "
            + "reviewed_by = coalesce(reviewed_by, $2) "
            + "WHERE id = $1 AND ($3::text IS NULL OR treating_doctor = $3) RETURNING id";
}
