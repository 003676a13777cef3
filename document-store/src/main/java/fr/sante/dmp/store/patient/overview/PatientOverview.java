package fr.sante.dmp.store.patient.overview;

import fr.sante.dmp.store.patient.choices.AlertPreferences;
import fr.sante.dmp.consent.RecordState;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The patient's view of their record's state and choices. {@code deletionDue}: when a requested deletion will be
 * carried out (CLOSED with a deletion request); {@code archivedUntil}: when a closed record's archive period ends (CLOSED
 * without one). Both empty otherwise. {@code familyName}: as registered (printouts name the person in full).
 */
public record PatientOverview(
        RecordState state,
        Optional<Instant> oppositionDeadline,
        String givenName,
        Optional<String> treatingDoctorRpps,
        boolean emergencyAccessOpposed,
        Set<String> blockedRpps,
        AlertPreferences alerts,
        int documentCount,
        Optional<Instant> deletionDue,
        Optional<Instant> archivedUntil,
        String familyName) {

    public PatientOverview(RecordState state, Optional<Instant> oppositionDeadline, String givenName,
                           Optional<String> treatingDoctorRpps, boolean emergencyAccessOpposed, Set<String> blockedRpps,
                           AlertPreferences alerts, int documentCount) {
        this(state, oppositionDeadline, givenName, treatingDoctorRpps, emergencyAccessOpposed, blockedRpps, alerts,
                documentCount, Optional.empty(), Optional.empty(), "");
    }

    public boolean deletionPending() {
        return deletionDue.isPresent();
    }
}
