package fr.sante.dmp.store.research;

import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.Text;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A research project: what it studies and on what legal basis, which data classes it receives (document classes by
 * LOINC code, and {@value #CARE_HISTORY} for the insurer-fed care history), the period of the data, the date the
 * project ends and its k (k-anonymity). Validated at birth: a bad field is a {@link RecordException.Invalid} naming it.
 */
public record ResearchProject(UUID id, String name, String purpose, String legalBasis, Set<String> dataClasses,
                              LocalDate periodStart, LocalDate periodEnd, LocalDate endDate, int k,
                              Optional<Instant> endedAt) {
    /** The pseudo-class naming the care history (reimbursed acts and drugs). */
    public static final String CARE_HISTORY = "care-history";
    /** At least 5 unless the project says otherwise (the CNIL's reference methodologies); never below 2. */
    public static final int DEFAULT_K = 5;

    public ResearchProject {
        name = text("name", name, 200, false);
        purpose = text("purpose", purpose, 4000, true);
        legalBasis = text("legalBasis", legalBasis, 1000, false);
        if (dataClasses == null || dataClasses.isEmpty()) {
            throw new RecordException.Invalid("dataClasses", "at least one data class is required");
        }
        Set<String> classes = new LinkedHashSet<>();
        for (String c : dataClasses) {
            classes.add(dataClass(c));
        }
        dataClasses = Set.copyOf(classes);
        if (periodStart == null || periodEnd == null) {
            throw new RecordException.Invalid("period", "from and to (ISO dates) are required");
        }
        if (periodEnd.isBefore(periodStart)) {
            throw new RecordException.Invalid("period", "to must not be before from");
        }
        if (endDate == null) {
            throw new RecordException.Invalid("endDate", "an end date (ISO date) is required");
        }
        if (k < 2) {
            throw new RecordException.Invalid("k", "must be 2 or more (k-anonymity)");
        }
        endedAt = endedAt == null ? Optional.empty() : endedAt;
    }

    /** A new project from an operator's request. */
    public static ResearchProject of(String name, String purpose, String legalBasis, List<String> dataClasses,
                                     LocalDate periodStart, LocalDate periodEnd, LocalDate endDate, int k) {
        return new ResearchProject(UUID.randomUUID(), name, purpose, legalBasis,
                dataClasses == null ? null : new LinkedHashSet<>(dataClasses), periodStart, periodEnd, endDate, k,
                Optional.empty());
    }

    public boolean includesCareHistory() {
        return dataClasses.contains(CARE_HISTORY);
    }

    /** The LOINC codes of the document classes the project receives. */
    public String[] documentClasses() {
        return dataClasses.stream().filter(c -> !CARE_HISTORY.equals(c)).sorted().toArray(String[]::new);
    }

    private static String dataClass(String code) {
        if (CARE_HISTORY.equals(code)) {
            return code;
        }
        try {
            return DocumentClass.fromLoinc(code).loinc();
        } catch (InvalidIdentifierException e) {
            throw new RecordException.Invalid("dataClasses", "unknown class: give LOINC codes of document classes or "
                    + CARE_HISTORY);
        }
    }

    private static String text(String field, String value, int max, boolean multiline) {
        if (value == null || value.isBlank()) {
            throw new RecordException.Invalid(field, "is required");
        }
        if (value.length() > max) {
            throw new RecordException.Invalid(field, "at most " + max + " characters");
        }
        if (multiline) {
            Text.lines(field, value);
        } else {
            Text.line(field, value);
        }
        return value.strip();
    }
}
