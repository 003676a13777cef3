package fr.sante.dmp.store.patient;

/** Alerts the patient chose. Emergency access is always notified (R1111-48), so it is not a choice here. */
public record AlertPreferences(boolean everyAccess, boolean firstAccessByProfessional, boolean newDocument, Channel channel) {

    public static final AlertPreferences DEFAULT = new AlertPreferences(false, true, false, Channel.SMS);

    public enum Channel { SMS, EMAIL }
}
