package fr.sante.dmp.notify.letter;

import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.template.RenderedMessage;
import java.util.UUID;

/**
 * One letter of a batch: the outbox message it prints (its id is the letter's reference, printed and listed in the
 * manifest so the mail house can drop a reprint), the address, and the rendered template. Personal data.
 */
public record Letter(UUID messageId, String templateId, Language language, PostalAddress to, RenderedMessage rendered) {
    @Override
    public String toString() {
        return "Letter[" + messageId + "]";
    }
}
