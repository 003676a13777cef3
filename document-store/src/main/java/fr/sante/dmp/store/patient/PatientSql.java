package fr.sante.dmp.store.patient;

import fr.sante.dmp.store.access.ConsentSql;

/** SQL of the patient space, all as prepared statements. */
final class PatientSql {
    private PatientSql() {
    }

    /**
     * The record's opposition deadline as of now: the stored one, or, while the scheduler has not marked the invitation
     * sent yet (up to one pass), the earliest send time the outbox lists for it + the window. So the deadline exists
     * from the first second the invitation is sent, for every reader; NULL only while nothing is sent (the person then
     * sees "en cours d'envoi" and may already oppose). Reads the notifications module's view, never its table. The
     * window (policy, in seconds as a double) is the statement's parameter number {@code windowParameter}.
     */
    static String deadline(int windowParameter) {
        return ("COALESCE(r.opposition_deadline, (SELECT min(s.sent_at) FROM %s s "
                + "JOIN campaign_invitation ci ON s.id IN (ci.sms_message, ci.email_message) WHERE ci.record_id = r.id) "
                + "+ make_interval(secs => $%d))").formatted(fr.sante.dmp.notify.outbox.Outbox.SENT_VIEW,
                windowParameter);
    }

    static final String SET_LIFECYCLE = "UPDATE record SET state = $2, closed_at = $3, deletion_requested_at = $4, "
            + "updated_at = $5 WHERE id = $1";

    // Opposition: everything but the proof goes; the row keeps ins_hash, the invitation instants and the receipt.
    static final String ERASE_RECORD = "UPDATE record SET state = 'OPPOSED', wrapped_key = NULL, identity = NULL, "
            + "updated_at = $2 WHERE id = $1";
    static final String ERASE_DOCUMENTS = "DELETE FROM document WHERE record_id = $1";
    static final String ERASE_SUBMISSION_SETS = "DELETE FROM submission_set WHERE record_id = $1";
    static final String ERASE_BLOCKED = "DELETE FROM blocked_professional WHERE record_id = $1";
    static final String ERASE_CONSENTS = "DELETE FROM express_consent WHERE record_id = $1";
    static final String ERASE_DIRECTIVES = "DELETE FROM advance_directive WHERE record_id = $1";
    static final String ERASE_ALERTS = "DELETE FROM alert_preferences WHERE record_id = $1";
    static final String ERASE_PASSKEYS = "DELETE FROM passkey WHERE record_id = $1";
    static final String ERASE_CARE_CONTEXTS = "DELETE FROM care_context WHERE record_id = $1";
    static final String ERASE_CARE_CODE = "DELETE FROM care_code WHERE record_id = $1";
    static final String RESET_SETTINGS = "UPDATE consent_settings SET treating_doctor = NULL, "
            + "emergency_access_opposed = false, updated_at = $2 WHERE record_id = $1";
    static final String INSERT_RECEIPT = "INSERT INTO opposition_receipt (id, record_id, opposed_at, "
            + "window_closes_at, code_hash, identity_escrow) VALUES ($1, $2, $3, $4, $5, $6)";

    static final String OPEN_RECEIPT = "SELECT id, code_hash, identity_escrow FROM opposition_receipt "
            + "WHERE record_id = $1 AND withdrawn_at IS NULL ORDER BY opposed_at DESC LIMIT 1";
    static final String WITHDRAW_RECEIPT = "UPDATE opposition_receipt SET withdrawn_at = $2, identity_escrow = NULL "
            + "WHERE id = $1";
    static final String RESTORE_RECORD = "UPDATE record SET state = 'INVITED', wrapped_key = $2, identity = $3, "
            + "updated_at = $4 WHERE id = $1";
    static final String ERASE_EXPIRED_ESCROWS = "UPDATE opposition_receipt SET identity_escrow = NULL "
            + "WHERE identity_escrow IS NOT NULL AND window_closes_at <= $1";

    /** $4: a representative asks, to whom a document confidential from representatives does not exist. */
    /**
     * The mask's change and what the document's row shows afterwards, in one statement: the document as the list reads
     * it, and the choices that say who still sees it masked (no settings row: neither).
     */
    static final String MASK = "WITH changed AS (UPDATE document SET masked = $3 WHERE id = $1 AND record_id = $2 "
            + "AND NOT ($4 AND confidential_from_representatives) RETURNING id, class_code, author_rpps, deposited_at, "
            + "masked, withheld_from_patient, released_at, content_type, size, title, status, replaces, "
            + "confidential_from_representatives) "
            + "SELECT c.*, s.treating_doctor, coalesce(s.emergency_access_opposed, false) AS emergency_access_opposed "
            + "FROM changed c LEFT JOIN consent_settings s ON s.record_id = $2";
    /** Only a document the patient added (no author, their class); a representative not one kept from them. */
    static final String DELETE_OWN = "DELETE FROM document WHERE id = $1 AND record_id = $2 AND author_rpps IS NULL "
            + "AND class_code = $3 AND NOT ($4 AND confidential_from_representatives)";
    static final String CONFIDENTIAL = "UPDATE document SET confidential_from_representatives = $3 "
            + "WHERE id = $1 AND record_id = $2";
    static final String BLOCK = "INSERT INTO blocked_professional (record_id, rpps, blocked_at) VALUES ($1, $2, $3) "
            + "ON CONFLICT DO NOTHING";
    static final String UNBLOCK = "DELETE FROM blocked_professional WHERE record_id = $1 AND rpps = $2";
    static final String TREATING_DOCTOR = "UPDATE consent_settings SET treating_doctor = $2, updated_at = $3 "
            + "WHERE record_id = $1";
    /** The choice, and when opposing, the end of every running emergency grant (the grant table is db/breakglass). */
    static final String EMERGENCY_OPPOSED = "WITH s AS (UPDATE consent_settings SET emergency_access_opposed = $2, "
            + "updated_at = $3 WHERE record_id = $1) UPDATE break_glass_grant "
            + "SET expires_at = greatest(granted_at + interval '1 microsecond', $3) "
            + "WHERE record_id = $1 AND $2 AND expires_at > $3";
    /** The person's research-use choice (no row: the policy's default). */
    static final String RESEARCH_USE = "INSERT INTO research_choice (record_id, objected, chosen_at) VALUES ($1, $2, $3) "
            + "ON CONFLICT (record_id) DO UPDATE SET objected = EXCLUDED.objected, chosen_at = EXCLUDED.chosen_at";
    static final String READ_RESEARCH_USE = "SELECT r.state, c.objected, c.chosen_at FROM record r "
            + "LEFT JOIN research_choice c ON c.record_id = r.id WHERE r.ins_hash = $1";
    /** A professional's profession as the directory knows it. */
    static final String DIRECTORY_PROFESSION = "SELECT profession FROM professional_directory WHERE rpps = $1";
    /** True unless an extract of the national directory was loaded and this RPPS is not in the directory. */
    static final String IN_LOADED_DIRECTORY = "SELECT EXISTS (SELECT 1 FROM professional_directory WHERE rpps = $1) "
            + "OR NOT EXISTS (SELECT 1 FROM directory_load WHERE finished_at IS NOT NULL)";
    static final String ALERTS = "INSERT INTO alert_preferences (record_id, every_access, first_access, new_document, "
            + "channel, updated_at, care_context) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (record_id) DO UPDATE "
            + "SET every_access = EXCLUDED.every_access, first_access = EXCLUDED.first_access, "
            + "new_document = EXCLUDED.new_document, channel = EXCLUDED.channel, updated_at = EXCLUDED.updated_at, "
            + "care_context = EXCLUDED.care_context";
    static final String LANGUAGE = "UPDATE record SET language = $2, updated_at = $3 WHERE id = $1";

    static final String LOGIN_VIEW = "SELECT id, wrapped_key, identity, language, invitation_code_hash, "
            + "invitation_code_expires_at FROM record WHERE ins_hash = $1";

    /**
     * The dashboard: the record's consent snapshot ($2 now, $3 no professional), deadline ($4 window in s), sealed
     * identity and alert choices.
     */
    static final String OVERVIEW = "SELECT " + ConsentSql.COLUMNS + ", " + deadline(4) + " AS opposition_deadline, "
            + "r.identity, "
            + "r.closed_at, r.deletion_requested_at, "
            + "a.every_access, a.first_access, a.new_document, a.channel, a.care_context "
            + "FROM record r " + ConsentSql.JOIN + " LEFT JOIN alert_preferences a ON a.record_id = r.id "
            + "WHERE r.ins_hash = $1";

    /** The record's documents newest first, by INS hash so that it runs beside {@link #OVERVIEW}, not after it. */
    static final String DOCUMENTS = "SELECT d.id, d.class_code, d.author_rpps, d.deposited_at, d.masked, "
            + "d.withheld_from_patient, d.released_at, d.title, d.confidential_from_representatives FROM document d JOIN record r ON r.id = d.record_id "
            + "WHERE r.ins_hash = $1 ORDER BY d.deposited_at DESC, d.id DESC";

    /**
     * A page of the history under a filter ($4: {@link HistoryFilter#param()}), each entry with the title of its
     * document (sealed) and the record's wrapped key to open it; a document no longer in the record has no title.
     * $5: a representative reads, from whom every entry about a document confidential from representatives is left
     * out (they never learn such a document exists). "mine" is what was done in the person's own space, by them or
     * by a representative for them.
     */
    static final String HISTORY = "SELECT a.seq, a.at, a.actor_kind, a.actor_id, a.profession, a.action, a.rule_id, "
            + "a.allowed, a.break_glass, a.document_id, d.title, r.id AS record_id, r.wrapped_key, a.category "
            + "FROM audit_log a LEFT JOIN record r ON r.ins_hash = a.ins_hash "
            + "LEFT JOIN document d ON d.id = a.document_id AND d.record_id = r.id "
            + "WHERE a.ins_hash = $1 AND CASE $4::text WHEN 'professionals' THEN a.actor_kind = 'PROFESSIONAL' "
            + "WHEN 'mine' THEN a.actor_kind IN ('PATIENT', 'REPRESENTATIVE') WHEN 'refused' THEN NOT a.allowed "
            + "WHEN 'emergency' THEN a.break_glass ELSE true END "
            + "AND NOT ($5 AND a.document_id IS NOT NULL AND EXISTS (SELECT 1 FROM document c "
            + "WHERE c.id = a.document_id AND c.confidential_from_representatives)) "
            + "ORDER BY a.seq DESC OFFSET $2 LIMIT $3";
}
