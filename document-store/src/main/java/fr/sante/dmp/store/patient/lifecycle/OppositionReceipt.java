package fr.sante.dmp.store.patient.lifecycle;

import fr.sante.dmp.store.patient.login.PatientContact;
import java.time.Instant;
import java.util.Optional;

/**
 * Proof of opposition: when, until when it can be withdrawn, and a verification code printed on the receipt.
 * {@code sendTo} is where the receipt can be sent (the contact read from the identity just escrowed), for the caller to
 * queue a copy; empty when the record held none. Personal data: never log it.
 */
public record OppositionReceipt(Instant opposedAt, Instant windowClosesAt, String verificationCode,
                                Optional<PatientContact> sendTo) {

    public OppositionReceipt(Instant opposedAt, Instant windowClosesAt, String verificationCode) {
        this(opposedAt, windowClosesAt, verificationCode, Optional.empty());
    }
}
