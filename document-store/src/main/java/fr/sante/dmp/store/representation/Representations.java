package fr.sante.dmp.store.representation;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Representation;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * Representation links (docs/representatives.md): operators create and end them with an audited justification; a
 * representative lists the people they may act for and is let into one person's space only through
 * {@link #authorise}, which reads the link in force on every request (an ended link refuses the very next one).
 * Failures are RecordExceptions: Invalid (a field named: oneself, a minor representative, an unknown INS), Conflict
 * (overlapping guardians, a third holder of parental authority, the same link twice), NotFound, Unavailable.
 */
public interface Representations {

    /** Creates a link in one transaction with its audit entry (operator, justification sealed); returns its id. */
    Future<UUID> create(String operator, NewRepresentation link);

    /** Ends a live link now, with its audit entry; NotFound for an unknown or already ended link. */
    Future<Void> end(String operator, UUID link, String justification);

    /**
     * Records, on the live guardian link of this adult, the judge's or family council's authorisation to write
     * their own advance directives (L1111-11); audited with its reference sealed.
     */
    Future<Void> recordDirectivesAuthorisation(String operator, UUID link, String reference);

    /** The people this person may act for now (links in force), names opened with each person's key. */
    Future<List<RepresentedPerson>> represented(Ins representative);

    /**
     * Whether {@code representative} may act for {@code represented} now: the link in force (decided by the door),
     * or AccessDenied (representation-ended, representation-majority...) audited as refused. With {@code entering}
     * the allowed entry is audited too (ACT_FOR: a representative entered the space); later requests are audited by
     * the actions themselves, under the returned representation.
     */
    Future<Representation> authorise(Ins representative, Ins represented, boolean entering);
}
