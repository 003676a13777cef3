package fr.sante.dmp.store.patient;

import java.time.Instant;

/** Proof of opposition: when, until when it can be withdrawn, and a verification code printed on the receipt. */
public record OppositionReceipt(Instant opposedAt, Instant windowClosesAt, String verificationCode) {
}
