package fr.sante.dmp.store.patient.passkey;

/** SQL of passkeys, all as prepared statements. */
final class PasskeySql {
    private PasskeySql() {
    }

    static final String HANDLE_BY_INS = "SELECT p.user_handle FROM passkey p JOIN record r ON r.id = p.record_id "
            + "WHERE r.ins_hash = $1 LIMIT 1";
    static final String HANDLE_AND_COUNT = "SELECT min(user_handle), count(*) FROM passkey WHERE record_id = $1";
    static final String INSERT = "INSERT INTO passkey (credential_id, record_id, user_handle, public_key, sign_count, "
            + "aaguid, transports, owner, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
            + "ON CONFLICT (credential_id) DO NOTHING";
    static final String LIST = "SELECT p.credential_id, p.transports, p.created_at, p.last_used_at FROM passkey p "
            + "JOIN record r ON r.id = p.record_id WHERE r.ins_hash = $1 ORDER BY p.created_at, p.credential_id";
    static final String DELETE = "DELETE FROM passkey WHERE credential_id = $1 AND record_id = $2";
    static final String FIND = "SELECT credential_id, user_handle, public_key, sign_count, aaguid FROM passkey "
            + "WHERE credential_id = $1";
    static final String OWNER = "SELECT p.record_id, p.owner, r.wrapped_key, r.identity FROM passkey p "
            + "JOIN record r ON r.id = p.record_id WHERE p.credential_id = $1";
    /** The counter must grow (W3C WebAuthn §6.1.1); 0 → 0 is an authenticator that does not count. */
    static final String USE = "UPDATE passkey SET sign_count = $2, last_used_at = $3 WHERE credential_id = $1 "
            + "AND record_id = $4 AND (sign_count < $2 OR (sign_count = 0 AND $2 = 0))";
}
