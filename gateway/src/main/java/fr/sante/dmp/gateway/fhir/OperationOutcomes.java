package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Every error of the FHIR face is an OperationOutcome built from the same {@link Problem} the JSON API answers: its
 * type as a coding of {@value #PROBLEMS}, and where consent denied, the rule id as a coding of {@value #RULES} with the
 * professional's reason.
 */
final class OperationOutcomes {
    static final String PROBLEMS = "https://dmp.sante.fr/fhir/CodeSystem/problem-type";
    static final String RULES = "https://dmp.sante.fr/fhir/CodeSystem/consent-rule";

    private OperationOutcomes() {
    }

    /** The HTTP status of a problem on the FHIR face (a body in another format is 415 here, as FHIR's http page says). */
    static int status(Problem problem) {
        return problem.type() == ProblemType.UNSUPPORTED_CONTENT_TYPE ? 415 : problem.type().status();
    }

    static OperationOutcome of(Problem problem, String requestId) {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(problem.type().status() >= 500 ? OperationOutcome.IssueSeverity.FATAL
                        : OperationOutcome.IssueSeverity.ERROR)
                .setCode(code(problem.type()));
        CodeableConcept details = new CodeableConcept();
        details.addCoding().setSystem(PROBLEMS).setCode(slug(problem.type())).setDisplay(problem.type().title());
        problem.rule().ifPresent(rule -> details.addCoding().setSystem(RULES).setCode(rule.id())
                .setDisplay(rule.reasonEn()));
        details.setText(problem.detail());
        issue.setDetails(details);
        problem.field().ifPresent(issue::addExpression);
        if (requestId != null) {
            issue.setDiagnostics("request id " + requestId);
        }
        return outcome;
    }

    private static String slug(ProblemType type) {
        return type.uri().substring(ProblemType.BASE.length());
    }

    private static IssueType code(ProblemType type) {
        return switch (type) {
            case INVALID_FIELD -> IssueType.INVALID;
            case MALFORMED_BODY -> IssueType.STRUCTURE;
            case UNSUPPORTED_CONTENT_TYPE, UNSUPPORTED_MEDIA_TYPE, METHOD_NOT_ALLOWED -> IssueType.NOTSUPPORTED;
            case UNAUTHENTICATED, CLIENT_CERTIFICATE_REQUIRED, WRONG_CODE -> IssueType.LOGIN;
            case INSUFFICIENT_SCOPE, NO_PROFESSIONAL_IDENTITY, INVALID_PROOF -> IssueType.FORBIDDEN;
            case CONSENT_DENIED -> IssueType.SUPPRESSED;
            case NOT_FOUND -> IssueType.NOTFOUND;
            case CONFLICT -> IssueType.CONFLICT;
            case PAYLOAD_TOO_LARGE, URI_TOO_LONG, HEADERS_TOO_LARGE -> IssueType.TOOLONG;
            case RATE_LIMITED, PATIENT_QUOTA_EXCEEDED, TOO_MANY_ATTEMPTS, TOO_MANY_CODES, TOO_MANY_EXPORTS
                    -> IssueType.THROTTLED;
            case UNAVAILABLE, OVERLOADED -> IssueType.TRANSIENT;
            case INTERNAL -> IssueType.EXCEPTION;
        };
    }
}
