package fr.sante.dmp.consent;

/** How the policy treats a professional's {@link ActorCategory} (the {@code categories} section). */
enum CategoryTreatment {
    /** The matrix applies. */
    ORDINARY("ordinary"),
    /** Never anything, even with consent (L1111-18). */
    FORBIDDEN("forbidden"),
    /** Only with the patient's express consent to this professional (L1111-17 IV). */
    EXPRESS_CONSENT("express-consent"),
    /** Every read is emergency access: break-glass rules apply (L1111-17 I). */
    EMERGENCY_REGULATION("emergency-regulation"),
    /** Reads nothing; deposits follow the deposit matrix. */
    DEPOSIT_ONLY("deposit-only");

    private final String name;

    CategoryTreatment(String name) {
        this.name = name;
    }

    String policyName() {
        return name;
    }

    static CategoryTreatment fromPolicyName(String name) {
        for (CategoryTreatment t : values()) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
