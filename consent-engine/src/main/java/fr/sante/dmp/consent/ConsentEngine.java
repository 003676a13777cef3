package fr.sante.dmp.consent;

import java.util.List;

/**
 * The one door for consent: every read or write of a record asks here. Built from a validated policy file
 * compiled to lookup tables; no I/O after construction, thread-safe, allocation-light.
 */
public final class ConsentEngine {

    /** The engine for the default policy in this module's resources ({@code /policy/consent-policy.yaml}). */
    public static ConsentEngine withDefaultPolicy() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The engine for a policy given as YAML text; fails with {@link PolicyException} naming what is wrong. */
    public static ConsentEngine fromYaml(String policyYaml) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Record-level decision: may the actor do {@code request.action()} on this record at all. */
    public Decision decide(AccessRequest request) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Document-level decision (includes the record-level one) for reading or listing one document. */
    public Decision decide(AccessRequest request, DocumentFacts document) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** May the actor deposit a document of this class. */
    public Decision decideDeposit(AccessRequest request, DocumentClass documentClass) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Record-level decision plus the documents visible to the actor, in the order given. */
    public Filtered filter(AccessRequest request, List<DocumentFacts> documents) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * The outcome of {@link #filter}: the record-level decision, and, when allowed, the visible documents and how many
     * were hidden.
     */
    public record Filtered(Decision decision, List<DocumentFacts> visible, int hiddenCount) {
        public Filtered {
            visible = List.copyOf(visible);
        }
    }
}
