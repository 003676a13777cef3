package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.RecordState;
import java.time.LocalDate;
import java.util.Optional;

/** A person to register (idempotent by INS). {@code initialState} is INVITED or ACTIVE (a migrated record). */
public record PersonRegistration(
        LocalDate birthDate,
        String givenName,
        String familyName,
        String sex,
        Optional<String> phone,
        Optional<String> email,
        RecordState initialState) {
}
