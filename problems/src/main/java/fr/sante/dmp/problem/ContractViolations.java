package fr.sante.dmp.problem;

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
    private static final Pattern BRANCH = Pattern.compile("/oneOf/\\d+");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    private ContractViolations() {
    }

    static Optional<Problem> map(Throwable f) {
        return map(f, FieldNames.LAST);
    }

    static Optional<Problem> map(Throwable f, FieldNames names) {
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
                    ? bodyField(sve.getOutputUnit(), names)
                    : Problem.field(ProblemType.MALFORMED_BODY, "body", "a JSON body is required");
            default -> ve instanceof SchemaValidationException sve
                    ? bodyField(sve.getOutputUnit(), names)
                    : Problem.field(ProblemType.INVALID_FIELD, "body", "the body does not match the contract");
        });
    }

    /**
     * The error to report names the field: the deepest located one, and at that location the keyword that failed
     * rather than the keywords that only carry a failure up ({@code properties}, {@code oneOf}…). The validator also
     * reports a declared property whose value fails as not matching {@code additionalProperties}: that error means
     * "unknown field" only when nothing more specific names the same location. At the root, the property named in
     * the error (a missing required one) is the field.
     */
    private static Problem bodyField(OutputUnit unit, FieldNames names) {
        List<OutputUnit> errors = intendedBranches(
                unit.getErrors() == null || unit.getErrors().isEmpty() ? List.of(unit) : unit.getErrors());
        String field = null;
        String keyword = null;
        int bestDepth = -1;
        int bestRank = -1;
        for (OutputUnit e : errors) {
            String location = e.getInstanceLocation() == null ? "" : e.getInstanceLocation();
            String k = lastSegment(e.getKeywordLocation());
            int depth = location.length() > 1 ? location.split("/", -1).length - 1 : 0;
            String candidate = location.length() > 1 ? name(location, names) : null;
            if ((candidate == null || "required".equals(k)) && e.getError() != null) {
                // A missing property is named in the error, one level below the object that lacks it.
                Matcher m = QUOTED.matcher(e.getError());
                if (m.find()) {
                    candidate = names == FieldNames.PATH && candidate != null ? candidate + "." + m.group(1)
                            : m.group(1);
                    depth++;
                }
            }
            if (candidate == null || candidate.isEmpty()) {
                continue;
            }
            int rank = rank(k);
            // Later errors win ties, as the validator lists the located ones after their parents; except, for the
            // patient API, between two missing properties: the first the contract requires is named (its handlers
            // named them in that order before the contract checked them).
            boolean keepFirst = names == FieldNames.PATH && "required".equals(k) && "required".equals(keyword);
            if (depth > bestDepth || depth == bestDepth && (keepFirst ? rank > bestRank : rank >= bestRank)) {
                field = candidate;
                keyword = k;
                bestDepth = depth;
                bestRank = rank;
            }
        }
        if (field == null || !SAFE_NAME.matcher(field).matches()) {
            // Nothing located, or a name that cannot be one of ours (an unknown key is whatever the client typed:
            // never echoed).
            return Problem.field(ProblemType.INVALID_FIELD, "body", "the body does not match the contract");
        }
        String why = keyword == null ? "is invalid" : switch (keyword) {
            case "required" -> "is required";
            case "additionalProperties", "unevaluatedProperties", "false" -> "is not a known field";
            case "type" -> "has the wrong type";
            case "minLength", "maxLength" -> "has the wrong length";
            case "minItems", "maxItems" -> "has the wrong number of items";
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> "is out of range";
            case "enum", "const" -> "is not one of the allowed values";
            case "format", "pattern" -> "is not in the expected format";
            default -> "is invalid";
        };
        return Problem.field(ProblemType.INVALID_FIELD, field, field + " " + why);
    }

    /**
     * Of a {@code oneOf}'s branches, those the client meant: a branch whose {@code const} (its discriminator, such as
     * a proof's {@code type}) does not match is dropped while another branch remains, so that a presence proof with a
     * bad assertion is reported for its assertion, not for not being a care-code proof.
     */
    private static List<OutputUnit> intendedBranches(List<OutputUnit> errors) {
        java.util.Set<String> mismatched = new java.util.HashSet<>();
        java.util.Set<String> branches = new java.util.HashSet<>();
        for (OutputUnit e : errors) {
            String branch = innermostBranch(e.getKeywordLocation());
            if (branch != null) {
                branches.add(branch);
                if ("const".equals(lastSegment(e.getKeywordLocation()))) {
                    mismatched.add(branch);
                }
            }
        }
        if (mismatched.isEmpty() || mismatched.containsAll(branches)) {
            return errors;
        }
        return errors.stream().filter(e -> {
            String location = e.getKeywordLocation() == null ? "" : e.getKeywordLocation();
            return mismatched.stream().noneMatch(m -> location.equals(m) || location.startsWith(m + "/"));
        }).toList();
    }

    /** {@code …/oneOf/2} of a keyword location inside a {@code oneOf} branch, else null. */
    private static String innermostBranch(String keywordLocation) {
        if (keywordLocation == null) {
            return null;
        }
        Matcher m = BRANCH.matcher(keywordLocation);
        String branch = null;
        while (m.find()) {
            branch = keywordLocation.substring(0, m.end());
        }
        return branch;
    }

    /** How much an error's keyword says: one that only carries a failure up (0), "unknown field" (1), the check (2). */
    private static int rank(String keyword) {
        if (keyword == null) {
            return 0;
        }
        return switch (keyword) {
            case "properties", "patternProperties", "items", "prefixItems", "allOf", "anyOf", "oneOf", "not", "if",
                 "then", "else", "$ref", "$dynamicRef", "dependentSchemas", "contains" -> 0;
            case "additionalProperties", "unevaluatedProperties", "false" -> 1;
            default -> 2;
        };
    }

    /** The field at this JSON pointer ({@code /emergencyContacts/0/phone}), as {@code names} says. */
    private static String name(String location, FieldNames names) {
        if (names == FieldNames.LAST) {
            return location.substring(location.lastIndexOf('/') + 1);
        }
        StringBuilder path = new StringBuilder();
        for (String segment : location.substring(1).split("/")) {
            if (!segment.isEmpty() && !segment.chars().allMatch(Character::isDigit)) {
                path.append(path.length() == 0 ? "" : ".").append(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    private static String lastSegment(String pointer) {
        return pointer == null ? null : pointer.substring(pointer.lastIndexOf('/') + 1);
    }
}
