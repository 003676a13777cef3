package fr.sante.dmp.gateway.problem;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the OpenAPI validator's exceptions into problems that name the field. The validator's own messages are not
 * sent: a JSON-schema message may quote the rejected value, which may be a patient identifier.
 */
final class ContractViolations {
    private static final Pattern PARAMETER = Pattern.compile("(path|query|header|cookie) parameter ([A-Za-z0-9_-]+)");
    private static final Pattern QUOTED = Pattern.compile("\"([A-Za-z0-9_]+)\"");

    private ContractViolations() {
    }

    static Optional<Problem> map(Throwable f) {
        if (!(f instanceof ValidatorException ve)) {
            return Optional.empty();
        }
        String message = ve.getMessage() == null ? "" : ve.getMessage();
        Matcher parameter = PARAMETER.matcher(message);
        if (parameter.find()) {
            String name = parameter.group(2);
            return Optional.of(Problem.field(ProblemType.INVALID_FIELD, name,
                    parameter.group(1) + " parameter " + name + " is missing or malformed"));
        }
        return Optional.of(switch (ve.type()) {
            case UNSUPPORTED_VALUE_FORMAT -> Problem.field(ProblemType.UNSUPPORTED_CONTENT_TYPE, "Content-Type",
                    "send the body as application/json");
            case ILLEGAL_VALUE -> Problem.field(ProblemType.MALFORMED_BODY, "body", "the body is not valid JSON");
            case MISSING_REQUIRED_PARAMETER -> ve instanceof SchemaValidationException sve
                    ? bodyField(sve.getOutputUnit())
                    : Problem.field(ProblemType.MALFORMED_BODY, "body", "a JSON body is required");
            default -> ve instanceof SchemaValidationException sve
                    ? bodyField(sve.getOutputUnit())
                    : Problem.field(ProblemType.INVALID_FIELD, "body", "the body does not match the contract");
        });
    }

    /** The deepest located error names the field; at the root, the property named in the error is the field. */
    private static Problem bodyField(OutputUnit unit) {
        List<OutputUnit> errors = unit.getErrors() == null || unit.getErrors().isEmpty() ? List.of(unit) : unit.getErrors();
        String field = null;
        String keyword = null;
        for (OutputUnit e : errors) {
            String location = e.getInstanceLocation() == null ? "" : e.getInstanceLocation();
            String candidate = location.length() > 1 ? location.substring(location.lastIndexOf('/') + 1) : null;
            if (candidate == null && e.getError() != null) {
                Matcher m = QUOTED.matcher(e.getError());
                candidate = m.find() ? m.group(1) : null;
            }
            if (candidate != null && !candidate.isEmpty()) {
                field = candidate;
                keyword = lastSegment(e.getKeywordLocation());
            }
        }
        if (field == null) {
            return Problem.field(ProblemType.INVALID_FIELD, "body", "the body does not match the contract");
        }
        String why = keyword == null ? "is invalid" : switch (keyword) {
            case "required" -> "is required";
            case "additionalProperties", "unevaluatedProperties", "false" -> "is not a known field";
            case "type" -> "has the wrong type";
            case "minLength", "maxLength" -> "has the wrong length";
            case "enum" -> "is not one of the allowed values";
            case "format", "pattern" -> "is not in the expected format";
            default -> "is invalid";
        };
        return Problem.field(ProblemType.INVALID_FIELD, field, field + " " + why);
    }

    private static String lastSegment(String pointer) {
        return pointer == null ? null : pointer.substring(pointer.lastIndexOf('/') + 1);
    }
}
