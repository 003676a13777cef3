package fr.sante.dmp.consent;

import java.util.Locale;

/**
 * The {@code category} claim of a professional's token: roles that are not professions but that the law treats apart
 * (L1111-17, L1111-18).
 */
public enum ActorCategory {
    /** A professional with no special category. */
    NONE("none"),
    /** Insurer staff: never allowed, even with consent (L1111-18). */
    INSURER("insurer"),
    /** Mutual fund staff: never allowed, even with consent (L1111-18). */
    MUTUAL_FUND("mutual"),
    /** Occupational physician: only with the patient's express consent (L1111-17 IV). */
    OCCUPATIONAL_HEALTH("occupational-health"),
    /** SAMU regulating doctor (Centre 15): emergency access unless the patient opposed it (L1111-17 I). */
    SAMU_REGULATION("samu-regulation"),
    /** The insurer's feed of reimbursed care: may write care-history lines and read nothing. */
    INSURER_FEED("insurer-feed");

    private final String claim;

    ActorCategory(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }

    /** The category for a claim value; an absent claim means {@link #NONE}. */
    public static ActorCategory fromClaim(String claim) {
        if (claim == null || claim.isBlank()) {
            return NONE;
        }
        String c = claim.trim().toLowerCase(Locale.ROOT);
        for (ActorCategory a : values()) {
            if (a.claim.equals(c)) {
                return a;
            }
        }
        throw new InvalidIdentifierException("category", "unknown actor category");
    }
}
