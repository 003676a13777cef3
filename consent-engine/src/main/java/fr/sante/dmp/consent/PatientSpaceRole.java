package fr.sante.dmp.consent;

/**
 * In whose name an {@link Actor.Patient} acts in the patient space. A minor's record is managed by their legal
 * representatives (holders of parental authority), who sign in to the minor's space; the law keeps some of the minor's
 * acts from them (CSP L1111-5, R1111-33). Modelled as a role of the patient-space actor rather than a new kind of
 * {@link Actor}, so that every existing rule keeps treating the space as the patient's; only the care-history rules
 * read it.
 */
public enum PatientSpaceRole {
    /** The person whose record it is. */
    HOLDER,
    /** A legal representative of a minor, acting in the minor's space. */
    LEGAL_REPRESENTATIVE
}
