package fr.sante.dmp.store.patient.lifecycle;

/** SQL of the record's lifecycle: its transitions, the opposition's erasure and receipt, the escrow of a withdrawal. */
final class LifecycleSql {
    private LifecycleSql() {
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
}
