package fr.sante.dmp.store.representation;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RepresentationKind;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/** A person the signed-in representative may act for, as {@code GET /api/v1/me/represented} lists them. */
public record RepresentedPerson(UUID link, Ins ins, String givenName, String familyName, RepresentationKind kind,
                                LocalDate from, Optional<LocalDate> until) {
}
