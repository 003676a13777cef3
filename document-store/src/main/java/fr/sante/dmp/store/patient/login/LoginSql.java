package fr.sante.dmp.store.patient.login;

/** SQL of the patient's login: the contact and invitation code of an INS. */
final class LoginSql {
    private LoginSql() {
    }

    static final String LOGIN_VIEW = "SELECT id, wrapped_key, identity, language, invitation_code_hash, "
            + "invitation_code_expires_at FROM record WHERE ins_hash = $1";
}
