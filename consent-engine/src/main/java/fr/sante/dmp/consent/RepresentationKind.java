package fr.sante.dmp.consent;

/**
 * The legal ground on which one person acts in another's space (CSP L1111-2, L1111-6, R1111-33; Code civil 371-1,
 * 440). Stored and sent by name: renaming a constant breaks stored links and the admin API's contract.
 */
public enum RepresentationKind {
    /** Parental authority over a minor (autorité parentale): one or two holders; ends by itself at majority. */
    PARENTAL_AUTHORITY,
    /** Guardian (tuteur) of an adult under guardianship (tutelle): one at a time. */
    GUARDIAN,
    /** A person of trust (personne de confiance) an adult named to help them manage their space. */
    PERSON_OF_TRUST
}
