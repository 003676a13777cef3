package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.DocumentQuery;
import fr.sante.dmp.store.record.DocumentSummary;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ITI-67's search parameters as a store query. Values separated by commas are alternatives, a repeated parameter
 * narrows (FHIR's OR and AND). A parameter this face does not support (or a modifier) is ignored under
 * {@code Prefer: handling=lenient} (the default) and refused (400) under {@code handling=strict}; the self link lists
 * only those used.
 */
record DocumentSearchParameters(Ins ins, DocumentQuery query, Map<String, List<String>> used) {
    static final String CURSOR = "_cursor";
    static final List<String> SUPPORTED = List.of("patient.identifier", "patient", "status", "date", "type",
            "category", "author.identifier", "_lastUpdated", "_count");
    /** Parameters about the answer, not the search: never refused. */
    private static final Set<String> RESULT = Set.of("_format", "_pretty", CURSOR);
    /** A class code no document has: the query of a search that can match nothing, still asked through the door. */
    private static final Set<String> NO_CLASS = Set.of("none");

    /** The INS named by the request, or null (the quota counts nothing then; the search refuses it). */
    static String insOf(MultiMap params) {
        try {
            String id = params.get("patient.identifier");
            if (id != null) {
                return Identifiers.insToken("patient.identifier", id).value();
            }
            String ref = params.get("patient");
            return ref == null ? null : Identifiers.patientReference("patient", ref).value();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static DocumentSearchParameters parse(MultiMap params, boolean strict) {
        Map<String, List<String>> used = new LinkedHashMap<>();
        for (String name : params.names()) {
            if (!SUPPORTED.contains(name) && !RESULT.contains(name)) {
                if (strict) {
                    throw Identifiers.invalid(name, "this search parameter is not supported (handling=strict); "
                            + "supported: " + String.join(", ", SUPPORTED));
                }
                continue;
            }
            if (SUPPORTED.contains(name)) {
                used.put(name, params.getAll(name));
            }
        }
        Ins ins = patient(used);
        Set<String> statuses = tokens(used, "status", v -> v);
        // A status no document here has (entered-in-error...), a type outside the categories asked...: no match.
        boolean nothing = false;
        if (statuses != null) {
            statuses.retainAll(Set.of(DocumentSummary.CURRENT, DocumentSummary.SUPERSEDED));
            nothing = statuses.isEmpty();
        }
        Set<String> classes = known(tokens(used, "type", v -> code("type", v, DocumentReferences.LOINC)));
        Set<String> categories = known(tokens(used, "category", v -> code("category", v, DocumentReferences.LOINC)));
        if (classes == null) {
            classes = categories;
        } else if (categories != null) {
            classes.retainAll(categories);
        }
        Set<String> authors = tokens(used, "author.identifier",
                v -> Identifiers.professionalToken("author.identifier", v).value());
        DateRange range = DateRange.ALL;
        for (String name : List.of("date", "_lastUpdated")) {
            for (String v : used.getOrDefault(name, List.of())) {
                range = range.and(DateRange.parse(name, v));
            }
        }
        int count = DocumentQuery.DEFAULT_COUNT;
        List<String> counts = used.getOrDefault("_count", List.of());
        if (!counts.isEmpty()) {
            try {
                count = Math.min(DocumentQuery.MAX_COUNT, Integer.parseInt(counts.get(0).trim()));
            } catch (NumberFormatException e) {
                throw Identifiers.invalid("_count", "must be a whole number");
            }
            if (count < 1) {
                throw Identifiers.invalid("_count", "must be at least 1");
            }
        }
        Optional<DocumentQuery.Cursor> after = Optional.ofNullable(params.get(CURSOR)).map(DocumentSearchParameters::cursor);
        nothing |= classes != null && classes.isEmpty() || authors != null && authors.isEmpty();
        try {
            DocumentQuery query = new DocumentQuery(statuses == null || nothing ? Set.of() : statuses,
                    nothing ? NO_CLASS : classes == null ? Set.of() : classes,
                    authors == null || nothing ? Set.of() : authors,
                    range.from(), range.to(), after, count);
            return new DocumentSearchParameters(ins, query, used);
        } catch (RecordException.Invalid e) {
            throw Identifiers.invalid(e.field(), e.getMessage());
        }
    }

    private static Ins patient(Map<String, List<String>> used) {
        List<String> ids = used.getOrDefault("patient.identifier", List.of());
        List<String> refs = used.getOrDefault("patient", List.of());
        if (ids.isEmpty() && refs.isEmpty()) {
            throw Identifiers.invalid("patient.identifier",
                    "a search names its patient: patient.identifier=" + Identifiers.INS_NIR + "|<INS> or patient=<id>");
        }
        Set<Ins> named = new HashSet<>();
        ids.forEach(v -> named.add(Identifiers.insToken("patient.identifier", v)));
        refs.forEach(v -> named.add(Identifiers.patientReference("patient", v)));
        if (named.size() != 1) {
            throw Identifiers.invalid("patient.identifier", "a search names exactly one patient");
        }
        return named.iterator().next();
    }

    /** A token parameter's codes: comma-separated alternatives; repetitions intersect. Null when absent. */
    private static Set<String> tokens(Map<String, List<String>> used, String name,
                                      java.util.function.Function<String, String> code) {
        List<String> values = used.get(name);
        if (values == null) {
            return null;
        }
        Set<String> result = null;
        for (String value : values) {
            Set<String> alternatives = new HashSet<>();
            for (String v : value.split(",")) {
                if (!v.isBlank()) {
                    alternatives.add(code.apply(v.trim()));
                }
            }
            if (alternatives.isEmpty()) {
                throw Identifiers.invalid(name, "must not be empty");
            }
            if (result == null) {
                result = alternatives;
            } else {
                result.retainAll(alternatives);
            }
        }
        return result;
    }

    /** Only the classes the store knows go to the query (a code no document has matches nothing anyway). */
    private static Set<String> known(Set<String> codes) {
        if (codes == null) {
            return null;
        }
        Set<String> known = new HashSet<>();
        for (String c : codes) {
            try {
                known.add(DocumentClass.fromLoinc(c).loinc());
            } catch (IllegalArgumentException e) {
                // unknown: left out
            }
        }
        return known;
    }

    private static String code(String parameter, String token, String system) {
        int bar = token.indexOf('|');
        if (bar >= 0) {
            String s = token.substring(0, bar);
            if (!s.isEmpty() && !s.equals(system)) {
                throw Identifiers.invalid(parameter, "codes are of the system " + system);
            }
            return token.substring(bar + 1);
        }
        return token;
    }

    private static DocumentQuery.Cursor cursor(String token) {
        return DocumentQuery.Cursor.parse(token)
                .orElseThrow(() -> Identifiers.invalid(CURSOR, "is not a cursor this server gave"));
    }

    /** The used parameters, for the self and next links. */
    List<String[]> linkParameters() {
        List<String[]> out = new ArrayList<>();
        used.forEach((name, values) -> {
            if (!name.equals("_count")) {
                values.forEach(v -> out.add(new String[] {name, v}));
            }
        });
        return out;
    }
}
