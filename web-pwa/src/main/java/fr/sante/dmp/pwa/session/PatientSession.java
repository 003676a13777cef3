package fr.sante.dmp.pwa.session;

import fr.sante.dmp.consent.Ins;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A signed-in person: the random id (cookie value or bearer token; only its SHA-256 is stored), who, and since when.
 * The birth date is kept to find the person's contact again when a signature needs a fresh one-time code.
 * {@code actingFor}: the person whose space a representative acts in ({@code POST /api/v1/me/acting-for}); the
 * session's {@code ins} stays the representative's own, and every request re-reads the link in force.
 */
public record PatientSession(String id, Ins ins, LocalDate birthDate, Kind kind, Instant createdAt, Instant expiresAt,
                             Optional<Ins> actingFor, Optional<String> actingForName) {

    public static final String CONTEXT_KEY = "patientSession";

    /** Where the request's representation (the link in force, read for this request) is kept. */
    public static final String REPRESENTATION_KEY = "dmp.representation";

    public PatientSession(String id, Ins ins, LocalDate birthDate, Kind kind, Instant createdAt, Instant expiresAt) {
        this(id, ins, birthDate, kind, createdAt, expiresAt, Optional.empty(), Optional.empty());
    }

    /** The person whose record the session's actions are about: the one acted for, or the person themself. */
    public Ins subject() {
        return actingFor.orElse(ins);
    }

    /** Cookie session of the PWA, or bearer token of the patient API. */
    public enum Kind { WEB, API }
}
