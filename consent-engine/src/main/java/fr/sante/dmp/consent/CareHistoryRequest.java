package fr.sante.dmp.consent;

import java.util.Objects;

/**
 * A question about the care history: the access request, the role of a patient-space actor, and the patient's
 * care-history setting.
 *
 * @param access   the actor, record state, consent settings, purpose, reason and time (its action is ignored)
 * @param role     {@link PatientSpaceRole#HOLDER} for a professional; for an {@link Actor.Patient}, whether the person
 *                 or a minor's legal representative is reading
 * @param settings whether the patient opened the history to professionals
 */
public record CareHistoryRequest(AccessRequest access, PatientSpaceRole role, CareHistorySettings settings) {

    public CareHistoryRequest {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(settings, "settings");
        if (role == PatientSpaceRole.LEGAL_REPRESENTATIVE && !(access.actor() instanceof Actor.Patient)) {
            throw new IllegalArgumentException("only a patient-space actor can act as a legal representative");
        }
    }

    /** The patient themself, a representative acting for them (read from the actor), or a professional. */
    public static CareHistoryRequest of(AccessRequest access, CareHistorySettings settings) {
        return new CareHistoryRequest(access, access.actor() instanceof Actor.Patient p && p.byRepresentative()
                ? PatientSpaceRole.LEGAL_REPRESENTATIVE : PatientSpaceRole.HOLDER, settings);
    }

    /** Whether a representative reads: by role, or because the actor is one (fail closed if the two disagree). */
    public boolean byRepresentative() {
        return role == PatientSpaceRole.LEGAL_REPRESENTATIVE
                || access.actor() instanceof Actor.Patient p && p.byRepresentative();
    }

    /** A minor's legal representative in the minor's patient space ({@code access.actor()} is the minor's patient actor). */
    public static CareHistoryRequest byLegalRepresentative(AccessRequest access, CareHistorySettings settings) {
        return new CareHistoryRequest(access, PatientSpaceRole.LEGAL_REPRESENTATIVE, settings);
    }
}
