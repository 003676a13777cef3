package fr.sante.dmp.notify.template;

/**
 * A template rendered for one recipient: {@code sms} for the SMS channel, {@code subject}/{@code text}/{@code html}
 * for e-mail. Contains personal data (codes, URLs): never log it.
 */
public record RenderedMessage(String sms, String subject, String text, String html) {
    @Override
    public String toString() {
        return "RenderedMessage[...]";
    }
}
