package fr.sante.dmp.store.access;

import fr.sante.dmp.store.audit.AuditEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the one door recorded on this instance since it started, for the business metrics: audit entries by action and
 * outcome (oppositions, activations, logins, reads…), refusals by rule id, emergency accesses. Every entry passes the
 * door, so this is the one place to count them. The keys are code constants (actions, rule ids), never a patient's
 * or a professional's identifier, so the number of series is bounded. LongAdder: counted on the hot path of every
 * read without contention.
 */
public final class DecisionTally {

    /** One counted series: an action and whether it was allowed, or a refusing rule. */
    public record Key(String action, boolean allowed, String rule) {
    }

    private final Map<Key, LongAdder> entries = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
    private final LongAdder breakGlass = new LongAdder();

    void count(AuditEvent e) {
        entries.computeIfAbsent(new Key(e.action().name(), e.allowed(), null), k -> new LongAdder()).increment();
        if (!e.allowed() && e.ruleId() != null) {
            refusals.computeIfAbsent(e.ruleId(), k -> new LongAdder()).increment();
        }
        if (e.breakGlass()) {
            breakGlass.increment();
        }
    }

    void count(List<AuditEvent> events) {
        for (AuditEvent e : events) {
            count(e);
        }
    }

    /** Audit entries by action and outcome; the map grows as new actions are met (bounded by the actions). */
    public Map<Key, LongAdder> entries() {
        return entries;
    }

    /** Refused decisions by the rule id that refused them. */
    public Map<String, LongAdder> refusalsByRule() {
        return refusals;
    }

    /** Entries flagged as emergency access (break-glass). */
    public long breakGlass() {
        return breakGlass.sum();
    }
}
