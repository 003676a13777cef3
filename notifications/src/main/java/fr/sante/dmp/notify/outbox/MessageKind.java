package fr.sante.dmp.notify.outbox;

/**
 * Why a message is sent. Legal and transactional notices (the invitation and its reminder, one-time codes, the
 * after-the-fact notice of an emergency access required by CSP R1111-48) cannot be unsubscribed from, so they carry no
 * {@code List-Unsubscribe} header; informational messages do.
 */
public enum MessageKind {
    INVITATION(true),
    REMINDER(true),
    OTP(true),
    BREAK_GLASS(true),
    /** The copy of an opposition's receipt (its verification code undoes the opposition while the window is open). */
    OPPOSITION_RECEIPT(true),
    /** Parental authority ended at majority: the person and each representative are told (Code civil 388). */
    MAJORITY(true),
    /** The address the patient replaced is told of the change (a security notice, never dropped as stale). */
    CONTACT_CHANGED(true),
    NEW_DOCUMENT(false),
    /** A professional accessed the record; sent only when the patient chose it (first access or every access). */
    ACCESS(false);

    private final boolean legalNotice;

    MessageKind(boolean legalNotice) {
        this.legalNotice = legalNotice;
    }

    public boolean legalNotice() {
        return legalNotice;
    }
}
