package fr.sante.dmp.store.patient;

/** SQL of the advance directives: one row per version. */
final class DirectivesSql {
    private DirectivesSql() {
    }

    static final String COLUMNS = "version, status, content, saved_at, signed_at";

    static final String LATEST_OF_RECORD = "SELECT " + COLUMNS + " FROM advance_directive WHERE record_id = $1 "
            + "ORDER BY version DESC LIMIT 1";
    /** The version in force is the latest that is not a draft, if it is SIGNED (R1111-17: the latest wins). */
    static final String LATEST_FINAL_OF_RECORD = "SELECT " + COLUMNS + " FROM advance_directive "
            + "WHERE record_id = $1 AND status <> 'DRAFT' ORDER BY version DESC LIMIT 1";
    static final String INSERT = "INSERT INTO advance_directive (record_id, version, status, content, saved_at, "
            + "signed_at) VALUES ($1, $2, $3, $4, $5, $6)";
    static final String SIGN = "UPDATE advance_directive SET status = 'SIGNED', signed_at = $3 "
            + "WHERE record_id = $1 AND version = $2 AND status = 'DRAFT'";

    /** Patient reads (record id and wrapped key first, then the version columns). */
    static final String LATEST_BY_INS = "SELECT r.id, r.wrapped_key, d.version, d.status, d.content, d.saved_at, "
            + "d.signed_at FROM record r LEFT JOIN LATERAL (SELECT " + COLUMNS + " FROM advance_directive x "
            + "WHERE x.record_id = r.id ORDER BY x.version DESC LIMIT 1) d ON true WHERE r.ins_hash = $1";
    static final String HISTORY_BY_INS = "SELECT r.id, r.wrapped_key, d.version, d.status, d.content, d.saved_at, "
            + "d.signed_at FROM record r LEFT JOIN advance_directive d ON d.record_id = r.id WHERE r.ins_hash = $1 "
            + "ORDER BY d.version DESC";

    /** A professional's read: record state and consent settings (as the record services read them), and the version in force. */
    static final String FOR_PROFESSIONAL = "SELECT r.id, r.state, r.wrapped_key, cs.treating_doctor, "
            + "cs.emergency_access_opposed, "
            + "ARRAY(SELECT b.rpps FROM blocked_professional b WHERE b.record_id = r.id) AS blocked, "
            + "ARRAY(SELECT e.rpps FROM express_consent e WHERE e.record_id = r.id) AS consents, "
            + "d.version, d.status, d.content, d.saved_at, d.signed_at "
            + "FROM record r LEFT JOIN consent_settings cs ON cs.record_id = r.id "
            + "LEFT JOIN LATERAL (SELECT " + COLUMNS + " FROM advance_directive x WHERE x.record_id = r.id "
            + "AND x.status <> 'DRAFT' ORDER BY x.version DESC LIMIT 1) d ON true WHERE r.ins_hash = $1";
}
