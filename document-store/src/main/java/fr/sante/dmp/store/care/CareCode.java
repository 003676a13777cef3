package fr.sante.dmp.store.care;

import java.time.Instant;

/** A one-time care code as issued to the patient, to show or send; only its keyed hash is stored. */
public record CareCode(String code, Instant expiresAt) {
    @Override
    public String toString() {
        return "CareCode[hidden, expiresAt=" + expiresAt + "]";
    }
}
