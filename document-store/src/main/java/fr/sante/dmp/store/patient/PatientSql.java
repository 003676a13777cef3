package fr.sante.dmp.store.patient;


/** SQL shared by the patient services: the opposition deadline as every reader computes it. */
public final class PatientSql {
    private PatientSql() {
    }

    /**
     * The record's opposition deadline as of now: the stored one, or, while the scheduler has not marked the invitation
     * sent yet (up to one pass), the earliest send time the outbox lists for it + the window. So the deadline exists
     * from the first second the invitation is sent, for every reader; NULL only while nothing is sent (the person then
     * sees "en cours d'envoi" and may already oppose). Reads the notifications module's view, never its table. The
     * window (policy, in seconds as a double) is the statement's parameter number {@code windowParameter}.
     */
    public static String deadline(int windowParameter) {
        return ("COALESCE(r.opposition_deadline, (SELECT min(s.sent_at) FROM %s s "
                + "JOIN campaign_invitation ci ON s.id IN (ci.sms_message, ci.email_message) WHERE ci.record_id = r.id) "
                + "+ make_interval(secs => $%d))").formatted(fr.sante.dmp.notify.outbox.Outbox.SENT_VIEW,
                windowParameter);
    }
}
