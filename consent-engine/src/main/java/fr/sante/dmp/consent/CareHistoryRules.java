package fr.sante.dmp.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The care-history rules (see {@code docs/consent-engine.md}, "Care history"). First match decides; the record-level
 * protections of {@link ConsentEngine} (forbidden categories, erased or closed record, blocked professional, feed
 * identity, occupational health, emergency opposition and reason) come first and are reused, not repeated.
 */
final class CareHistoryRules {
    private final CompiledPolicy policy;
    private final Decision treatingDoctor;
    private final Decision opened;
    private final Decision breakGlass;
    private final Decision ownRecord;
    private final Decision legalRepresentative;

    CareHistoryRules(CompiledPolicy policy) {
        this.policy = policy;
        this.treatingDoctor = policy.decision(RuleId.CARE_HISTORY_TREATING_DOCTOR);
        this.opened = policy.decision(RuleId.CARE_HISTORY_OPENED);
        this.breakGlass = policy.decision(RuleId.BREAK_GLASS);
        this.ownRecord = policy.decision(RuleId.PATIENT_OWN_RECORD);
        this.legalRepresentative = policy.decision(RuleId.CARE_HISTORY_LEGAL_REPRESENTATIVE);
    }

    /**
     * Record level. {@code common} is the engine's professional record-level decision for a read (care-team or
     * break-glass when allowed), or its patient decision.
     */
    Decision record(CareHistoryRequest request, Decision common) {
        if (common.denied()) {
            return common;
        }
        Actor actor = request.access().actor();
        if (actor instanceof Actor.Professional pro) {
            // The treating doctor sees the history by default; the patient may open it to everyone else.
            if (request.access().consent().isTreatingDoctor(pro.rpps())) {
                return treatingDoctor;
            }
            if (!request.settings().openToProfessionals()) {
                return policy.decision(RuleId.CARE_HISTORY_QUARANTINE);
            }
            return common == breakGlass ? breakGlass : opened;
        }
        return request.byRepresentative() ? legalRepresentative : ownRecord;
    }

    /** One line, once {@code record} (from {@link #record}) allowed. */
    Decision line(CareHistoryRequest request, CareHistoryLineFacts line, Decision record) {
        if (line.dateOfCare().isBefore(cutoff(request.access().at()))) {
            return policy.decision(RuleId.CARE_HISTORY_OUTSIDE_WINDOW);
        }
        Actor actor = request.access().actor();
        if (!(actor instanceof Actor.Professional)) {
            // The patient sees every line; a representative every line but the confidential ones (L1111-5).
            return request.byRepresentative() && line.minorConfidential()
                    ? policy.decision(RuleId.CARE_HISTORY_MINOR_CONFIDENTIAL) : record;
        }
        if (line.hiddenByPatient()) {
            return policy.decision(RuleId.CARE_HISTORY_LINE_HIDDEN);
        }
        if (line.sensitive() && !line.shownByPatient()) {
            return policy.decision(RuleId.CARE_HISTORY_SENSITIVE);
        }
        return record;
    }

    /**
     * Feeding lines: the feed identity first (so that nobody else learns the record's state), then the record: only
     * ACTIVE and INVITED records receive lines (an INVITED record keeps them until activation, or drops them on
     * opposition).
     */
    Decision feed(AccessRequest request) {
        Actor actor = request.actor();
        if (actor instanceof Actor.Professional pro
                && policy.treatment(pro) == CategoryTreatment.FORBIDDEN) {
            return policy.decision(RuleId.FORBIDDEN_CATEGORY);
        }
        if (!(actor instanceof Actor.Professional pro) || pro.category() != ActorCategory.INSURER_FEED) {
            return policy.decision(RuleId.CARE_HISTORY_FEEDER_ONLY);
        }
        RecordState state = request.state();
        if (state == RecordState.OPPOSED || state == RecordState.PURGED) {
            return policy.decision(RuleId.RECORD_ERASED);
        }
        if (state == RecordState.CLOSED) {
            return policy.decision(RuleId.RECORD_NOT_ACTIVE);
        }
        return policy.decision(RuleId.CARE_HISTORY_FEED);
    }

    /** The first day still inside the rolling window at {@code at} (UTC): lines dated before it are invisible. */
    LocalDate cutoff(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).minus(policy.careHistoryWindow());
    }
}
