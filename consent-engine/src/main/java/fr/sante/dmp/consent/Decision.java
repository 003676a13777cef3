package fr.sante.dmp.consent;

import java.util.Objects;

/**
 * The answer to an {@link AccessRequest}: allowed or denied, the rule that decided (typed; its id as named in the
 * policy file), and a reason in French and English that the patient and the professional can read. Decisions are
 * made by the policy ({@link ConsentEngine#explain} for the store's own outcomes), so every reason lives in it.
 */
public record Decision(boolean allowed, RuleId rule, String reasonFr, String reasonEn) {

    public Decision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reasonFr, "reasonFr");
        Objects.requireNonNull(reasonEn, "reasonEn");
        if (allowed != rule.allows()) {
            throw new IllegalArgumentException("rule " + rule.id() + " cannot " + (allowed ? "allow" : "deny"));
        }
    }

    /** The rule's stable id, as stored in the audit log. */
    public String ruleId() {
        return rule.id();
    }

    public boolean denied() {
        return !allowed;
    }
}
