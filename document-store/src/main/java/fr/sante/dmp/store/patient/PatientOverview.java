package fr.sante.dmp.store.patient;

import fr.sante.dmp.consent.RecordState;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** The patient's view of their record's state and choices. */
public record PatientOverview(
        RecordState state,
        Optional<Instant> oppositionDeadline,
        String givenName,
        Optional<String> treatingDoctorRpps,
        boolean emergencyAccessOpposed,
        Set<String> blockedRpps,
        AlertPreferences alerts,
        int documentCount) {
}
