package fr.sante.dmp.store.access;

import fr.sante.dmp.consent.Decision;

/**
 * The door's answer: the decision, and whether it was reached as an emergency access (asked as break-glass, or a
 * professional with no other way in holding a running emergency grant), which the audit entry flags.
 */
public record Verdict(Decision decision, boolean emergency) {

    public boolean allowed() {
        return decision.allowed();
    }

    public boolean denied() {
        return decision.denied();
    }
}
