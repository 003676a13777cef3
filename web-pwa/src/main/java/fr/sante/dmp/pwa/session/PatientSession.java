package fr.sante.dmp.pwa.session;

import fr.sante.dmp.consent.Ins;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A signed-in patient: the random id (cookie value or bearer token; only its SHA-256 is stored), who, and since when.
 * The birth date is kept to find the patient's contact again when a signature needs a fresh one-time code.
 */
public record PatientSession(String id, Ins ins, LocalDate birthDate, Kind kind, Instant createdAt, Instant expiresAt) {

    public static final String CONTEXT_KEY = "patientSession";

    /** Cookie session of the PWA, or bearer token of the patient API. */
    public enum Kind { WEB, API }
}
