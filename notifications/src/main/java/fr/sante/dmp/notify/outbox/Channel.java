package fr.sante.dmp.notify.outbox;

/**
 * How a message leaves: SMS over SMPP, e-mail over SMTP, or a postal letter printed by a mail house from the PDF
 * batches the letter transport exports ({@code fr.sante.dmp.notify.letter}).
 */
public enum Channel {
    SMS,
    EMAIL,
    LETTER
}
