package fr.sante.dmp.notify.outbox;

/**
 * Life of an outbox row: {@code QUEUED -> SENDING -> SENT -> DELIVERED | FAILED}; {@code SENDING -> QUEUED} on a
 * retryable error (with backoff) and {@code -> DEAD} after the last attempt or a permanent rejection.
 */
public enum OutboxStatus {
    QUEUED,
    SENDING,
    SENT,
    DELIVERED,
    FAILED,
    DEAD
}
