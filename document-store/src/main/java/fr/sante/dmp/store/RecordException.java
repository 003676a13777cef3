package fr.sante.dmp.store;

import fr.sante.dmp.consent.Decision;

/**
 * The small, closed set of failures a record service reports. The gateway maps each to one problem+json type; nothing
 * else leaves a service except as an internal error. Messages never contain a patient identifier.
 */
public sealed class RecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private RecordException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The patient, record or document does not exist (or is not visible as existing). → 404 */
    public static final class NotFound extends RecordException {
        private static final long serialVersionUID = 1L;
        public NotFound(String what) {
            super(what + " not found", null);
        }
    }

    /** The consent engine denied the access. → 403 with the rule id */
    public static final class AccessDenied extends RecordException {
        private static final long serialVersionUID = 1L;
        private final transient Decision decision;
        public AccessDenied(Decision decision) {
            super("access denied by rule " + decision.ruleId(), null);
            this.decision = decision;
        }
        public Decision decision() {
            return decision;
        }
    }

    /** A value the client sent is invalid. → 400 naming the field */
    public static final class Invalid extends RecordException {
        private static final long serialVersionUID = 1L;
        private final String field;
        public Invalid(String field, String message) {
            super(field + ": " + message, null);
            this.field = field;
        }
        public String field() {
            return field;
        }
    }

    /**
     * The request conflicts with the record's state (e.g. illegal lifecycle transition). → 409. Both languages are
     * required: a 409 is often the person's own request refused, and they are told why in French and English.
     */
    public static final class Conflict extends RecordException {
        private static final long serialVersionUID = 1L;
        private final String detailFr;
        public Conflict(String detailEn, String detailFr) {
            super(detailEn, null);
            this.detailFr = java.util.Objects.requireNonNull(detailFr, "detailFr");
        }
        /** An illegal lifecycle transition, with the engine's own reasons in both languages. */
        public static Conflict of(fr.sante.dmp.consent.IllegalTransitionException e) {
            return new Conflict(e.getMessage(), e.reasonFr());
        }
        public String detailEn() {
            return getMessage();
        }
        public String detailFr() {
            return detailFr;
        }
    }

    /**
     * The caller's own admission of the record's patient ({@link fr.sante.dmp.store.record.RecordService.Admission},
     * the gateway's distinct-patient quota) refused once the store had named the patient: recorded as refused, and
     * answered as the cause says.
     */
    public static final class NotAdmitted extends RecordException {
        private static final long serialVersionUID = 1L;
        public NotAdmitted(Throwable cause) {
            super("not admitted by the caller's own check", cause);
        }
    }

    /** The store cannot decide now (database down, timeout): fail closed. → 503 */
    public static final class Unavailable extends RecordException {
        private static final long serialVersionUID = 1L;
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
