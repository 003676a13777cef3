package fr.sante.dmp.consent;

import java.util.Optional;

/**
 * What a person who never chose says about the reuse of their record's data for research (policy
 * {@code settings.researchUse}). French law (CSP L1111-13-1 and L1461-1, RGPD art. 21) makes the reuse lawful unless
 * the person objects; a policy may be stricter and ask for an explicit agreement.
 */
public enum ResearchUseDefault {
    /** The law's default: reused unless the person objected. */
    REUSE_UNLESS_OBJECTED("reuse-unless-objected"),
    /** Stricter: reused only once the person said yes. */
    OPT_IN("opt-in");

    private final String policyName;

    ResearchUseDefault(String policyName) {
        this.policyName = policyName;
    }

    public String policyName() {
        return policyName;
    }

    /** The value of {@code settings.researchUse}, or empty when it names no default. */
    public static Optional<ResearchUseDefault> byPolicyName(String name) {
        for (ResearchUseDefault d : values()) {
            if (d.policyName.equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Whether the person counts as objecting: their own choice when they made one, else this default. */
    public boolean objected(Optional<Boolean> chosen) {
        return chosen.orElse(this == OPT_IN);
    }
}
