package fr.sante.dmp.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the rules need to know about one representation link, read in the same request as the action it guards.
 *
 * @param kind                  the legal ground
 * @param from                  first day in force (Europe/Paris calendar day)
 * @param until                 last day in force, if the link has a planned end
 * @param endedAt               when an operator (or the scheduler, at majority) ended it, if they did
 * @param representedBirthDate  the represented person's birth date (majority ends parental authority)
 */
public record RepresentationFacts(RepresentationKind kind, LocalDate from, Optional<LocalDate> until,
                                  Optional<Instant> endedAt, LocalDate representedBirthDate) {
    public RepresentationFacts {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(representedBirthDate, "representedBirthDate");
    }
}
