package fr.sante.dmp.notify.template;

/**
 * A template rendered for one recipient: {@code sms} for the SMS channel, {@code subject}/{@code text}/{@code html}
 * for e-mail; a letter prints {@code subject} and {@code text}, the template's {@code link} as a QR code and its
 * {@code code} set apart (both null when the template has none). Contains personal data (codes, URLs): never log it.
 */
public record RenderedMessage(String sms, String subject, String text, String html, String link, String code) {

    public RenderedMessage(String sms, String subject, String text, String html) {
        this(sms, subject, text, html, null, null);
    }

    @Override
    public String toString() {
        return "RenderedMessage[...]";
    }
}
