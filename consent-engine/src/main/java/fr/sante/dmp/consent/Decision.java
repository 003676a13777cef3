package fr.sante.dmp.consent;

import java.util.Objects;

/**
 * The answer to an {@link AccessRequest}: allowed or denied, the id of the rule that decided (as named in the policy
 * file), and a reason in French and English that the patient and the professional can read.
 */
public record Decision(boolean allowed, String ruleId, String reasonFr, String reasonEn) {

    public Decision {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(reasonFr, "reasonFr");
        Objects.requireNonNull(reasonEn, "reasonEn");
    }

    public static Decision allow(String ruleId, String reasonFr, String reasonEn) {
        return new Decision(true, ruleId, reasonFr, reasonEn);
    }

    public static Decision deny(String ruleId, String reasonFr, String reasonEn) {
        return new Decision(false, ruleId, reasonFr, reasonEn);
    }

    public boolean denied() {
        return !allowed;
    }
}
