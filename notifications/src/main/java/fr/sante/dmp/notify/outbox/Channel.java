package fr.sante.dmp.notify.outbox;

/** How a message leaves: SMS over SMPP or e-mail over SMTP. */
public enum Channel {
    SMS,
    EMAIL
}
