package fr.sante.dmp.store.patient.choices;

/**
 * Alerts the patient chose. Emergency access is always notified (R1111-48), so it is not a choice here; neither is the
 * first access under a context a professional declared.
 *
 * @param careContext every opening of a care context on the record
 */
public record AlertPreferences(boolean everyAccess, boolean firstAccessByProfessional, boolean newDocument,
                               Channel channel, boolean careContext) {

    public static final AlertPreferences DEFAULT = new AlertPreferences(false, true, false, Channel.SMS, false);

    /** The choices without care-context alerts. */
    public AlertPreferences(boolean everyAccess, boolean firstAccessByProfessional, boolean newDocument,
                            Channel channel) {
        this(everyAccess, firstAccessByProfessional, newDocument, channel, false);
    }

    public enum Channel { SMS, EMAIL }
}
