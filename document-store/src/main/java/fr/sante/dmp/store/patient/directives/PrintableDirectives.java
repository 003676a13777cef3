package fr.sante.dmp.store.patient.directives;

import java.util.Optional;

/** The latest directives (if any) and the names of the person they are of: what the print view and the PDF show. */
public record PrintableDirectives(Optional<AdvanceDirective> latest, String givenName, String familyName) {
}
