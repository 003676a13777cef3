package fr.sante.dmp.consent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the policy YAML, validates every entry and compiles it. Each failure is a {@link PolicyException} whose message
 * names the entry (e.g. {@code matrix."40".read: class 42348-3 is both allowed and denied}), so start-up fails loudly
 * rather than running with a policy nobody meant.
 */
final class PolicyLoader {
    private static final Set<String> TOP_LEVEL = Set.of("version", "settings", "categories", "patient", "matrix", "rules");
    private static final Set<String> SETTINGS = Set.of("breakGlassMinReasonLength", "withheldAutoRelease",
            "careHistoryWindow", "careContext", "occupationalHealthSpecialties", "invitations", "researchUse",
            "representatives");
    private static final Set<String> REPRESENTATIVES = Set.of("ownAccessAge", "majorityAge");
    private static final Set<String> INVITATIONS = Set.of("oppositionWindowDays", "reminderDaysBefore");
    private static final Set<String> CARE_CONTEXT = Set.of("declared", "duration", "durationByProfession");
    private static final Set<String> RULE_FIELDS = Set.of("effect", "fr", "en");
    private static final String ALL = "*";

    private PolicyLoader() {
    }

    static CompiledPolicy load(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw new PolicyException("policy: the policy text is empty");
        }
        JsonNode root;
        try {
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new PolicyException("policy: not valid YAML: " + e.getOriginalMessage(), e);
        }
        requireObject(root, "policy");
        onlyKnownFields(root, "policy", TOP_LEVEL);
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != 1) {
            throw new PolicyException("version: must be 1");
        }
        JsonNode settings = requireObject(root.get("settings"), "settings");
        onlyKnownFields(settings, "settings", SETTINGS);
        return new CompiledPolicy(
                rules(requireObject(root.get("rules"), "rules")),
                matrix(requireObject(root.get("matrix"), "matrix"), "read"),
                matrix(root.get("matrix"), "deposit"),
                categories(requireObject(root.get("categories"), "categories")),
                patientDeposit(requireObject(root.get("patient"), "patient")),
                minReasonLength(settings),
                period(settings, "withheldAutoRelease", "P1M"),
                period(settings, "careHistoryWindow", "P24M"),
                careContext(requireObject(settings.get("careContext"), "settings.careContext")),
                Set.copyOf(strings(settings.get("occupationalHealthSpecialties"),
                        "settings.occupationalHealthSpecialties", true)),
                invitations(settings.get("invitations")),
                researchUse(settings.get("researchUse")),
                representatives(settings.get("representatives")));
    }

    /** Absent: the law's default (reuse unless the person objects). */
    private static ResearchUseDefault researchUse(JsonNode node) {
        if (node == null) {
            return ResearchUseDefault.REUSE_UNLESS_OBJECTED;
        }
        return ResearchUseDefault.byPolicyName(node.isTextual() ? node.textValue() : "").orElseThrow(() ->
                new PolicyException("settings.researchUse: must be reuse-unless-objected or opt-in"));
    }

    /** Absent: own access from 15, majority at 18; present: both ages given. */
    private static RepresentationPolicy representatives(JsonNode node) {
        if (node == null) {
            return RepresentationPolicy.DEFAULT;
        }
        String where = "settings.representatives";
        requireObject(node, where);
        onlyKnownFields(node, where, REPRESENTATIVES);
        return new RepresentationPolicy(years(node, "ownAccessAge", where), years(node, "majorityAge", where));
    }

    private static int years(JsonNode node, String field, String where) {
        JsonNode n = node.get(field);
        if (n == null || !n.isInt() || n.intValue() < 1 || n.intValue() > 30) {
            throw new PolicyException(where + "." + field + ": must be an age in whole years (1 to 30)");
        }
        return n.intValue();
    }

    private static CareContextPolicy careContext(JsonNode node) {
        String where = "settings.careContext";
        onlyKnownFields(node, where, CARE_CONTEXT);
        JsonNode declared = node.get("declared");
        if (declared == null || !declared.isBoolean()) {
            throw new PolicyException(where + ".declared: must be true or false");
        }
        Map<Profession, Period> byProfession = new java.util.EnumMap<>(Profession.class);
        JsonNode per = node.get("durationByProfession");
        if (per != null) {
            requireObject(per, where + ".durationByProfession");
            for (Iterator<Map.Entry<String, JsonNode>> it = per.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Profession p;
                try {
                    p = Profession.fromCode(e.getKey());
                } catch (InvalidIdentifierException ex) {
                    throw new PolicyException(where + ".durationByProfession." + e.getKey() + ": unknown profession");
                }
                byProfession.put(p, period(per, e.getKey(), "P3D"));
            }
        }
        return new CareContextPolicy(declared.booleanValue(), period(node, "duration", "P90D"), byProfession);
    }

    private static Decision[] rules(JsonNode rules) {
        Decision[] decisions = new Decision[RuleId.values().length];
        for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "rules." + e.getKey();
            RuleId rule = RuleId.fromId(e.getKey()).orElseThrow(() -> new PolicyException(
                    where + ": unknown rule id; known ids are " + knownRuleIds()));
            JsonNode body = requireObject(e.getValue(), where);
            onlyKnownFields(body, where, RULE_FIELDS);
            String effect = text(body, "effect", where);
            String expected = rule.allows() ? "allow" : "deny";
            if (!effect.equals(expected)) {
                throw new PolicyException(where + ": effect must be '" + expected + "' (got '" + effect + "')");
            }
            decisions[rule.ordinal()] = new Decision(rule.allows(), rule, text(body, "fr", where),
                    text(body, "en", where));
        }
        List<String> missing = new ArrayList<>();
        for (RuleId r : RuleId.values()) {
            if (decisions[r.ordinal()] == null) {
                missing.add(r.id());
            }
        }
        if (!missing.isEmpty()) {
            throw new PolicyException("rules: missing required rule(s) " + missing);
        }
        return decisions;
    }

    private static boolean[][] matrix(JsonNode matrix, String action) {
        boolean[][] table = new boolean[Profession.values().length][];
        for (Iterator<Map.Entry<String, JsonNode>> it = matrix.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "matrix.\"" + e.getKey() + "\"";
            Profession p;
            try {
                p = Profession.fromCode(e.getKey());
            } catch (InvalidIdentifierException ex) {
                throw new PolicyException(where + ": unknown profession code '" + e.getKey() + "'");
            }
            JsonNode entry = requireObject(e.getValue(), where);
            onlyKnownFields(entry, where, Set.of("read", "deposit"));
            table[p.ordinal()] = allowDeny(requireObject(entry.get(action), where + "." + action), where + "." + action);
        }
        List<String> missing = new ArrayList<>();
        for (Profession p : Profession.values()) {
            if (table[p.ordinal()] == null) {
                missing.add(p.code() + " (" + p + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new PolicyException("matrix: no entry for profession(s) " + missing
                    + "; every profession needs one (an empty allow list denies all)");
        }
        return table;
    }

    /** {@code {allow: [...], deny: [...]}}: "*" in allow means every class; deny removes from it. */
    private static boolean[] allowDeny(JsonNode node, String where) {
        onlyKnownFields(node, where, Set.of("allow", "deny"));
        boolean all = false;
        EnumSet<DocumentClass> allowed = EnumSet.noneOf(DocumentClass.class);
        for (String code : strings(node.get("allow"), where + ".allow", true)) {
            if (ALL.equals(code)) {
                all = true;
            } else {
                allowed.add(documentClass(code, where + ".allow"));
            }
        }
        EnumSet<DocumentClass> denied = EnumSet.noneOf(DocumentClass.class);
        JsonNode deny = node.get("deny");
        if (deny != null) {
            for (String code : strings(deny, where + ".deny", false)) {
                DocumentClass c = documentClass(code, where + ".deny");
                if (allowed.contains(c)) {
                    throw new PolicyException(where + ": class " + code + " is both allowed and denied");
                }
                denied.add(c);
            }
        }
        boolean[] row = new boolean[DocumentClass.values().length];
        for (DocumentClass c : DocumentClass.values()) {
            row[c.ordinal()] = (all || allowed.contains(c)) && !denied.contains(c);
        }
        return row;
    }

    private static CategoryTreatment[] categories(JsonNode node) {
        CategoryTreatment[] table = new CategoryTreatment[ActorCategory.values().length];
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "categories." + e.getKey();
            ActorCategory category;
            try {
                category = ActorCategory.fromClaim(e.getKey());
            } catch (InvalidIdentifierException ex) {
                throw new PolicyException(where + ": unknown category");
            }
            if (!e.getValue().isTextual()) {
                throw new PolicyException(where + ": must be one of " + treatmentNames());
            }
            CategoryTreatment t = CategoryTreatment.fromPolicyName(e.getValue().textValue());
            if (t == null) {
                throw new PolicyException(where + ": unknown treatment '" + e.getValue().textValue()
                        + "'; must be one of " + treatmentNames());
            }
            table[category.ordinal()] = t;
        }
        for (ActorCategory c : ActorCategory.values()) {
            if (table[c.ordinal()] == null) {
                throw new PolicyException("categories: no entry for category '" + c.claim() + "'");
            }
        }
        // CSP L1111-18 is a legal floor that no policy may relax.
        for (ActorCategory c : List.of(ActorCategory.INSURER, ActorCategory.MUTUAL_FUND)) {
            if (table[c.ordinal()] != CategoryTreatment.FORBIDDEN) {
                throw new PolicyException("categories." + c.claim() + ": must be 'forbidden' (CSP L1111-18), got '"
                        + table[c.ordinal()].policyName() + "'");
            }
        }
        return table;
    }

    private static boolean[] patientDeposit(JsonNode patient) {
        onlyKnownFields(patient, "patient", Set.of("deposit"));
        boolean[] row = new boolean[DocumentClass.values().length];
        for (String code : strings(patient.get("deposit"), "patient.deposit", true)) {
            row[documentClass(code, "patient.deposit").ordinal()] = true;
        }
        return row;
    }

    /** Absent: the legal six weeks and a reminder 14 days before; present: both days given, as whole days. */
    private static InvitationPolicy invitations(JsonNode node) {
        if (node == null) {
            return InvitationPolicy.DEFAULT;
        }
        String where = "settings.invitations";
        requireObject(node, where);
        onlyKnownFields(node, where, INVITATIONS);
        return new InvitationPolicy(java.time.Duration.ofDays(days(node, "oppositionWindowDays", where)),
                java.time.Duration.ofDays(days(node, "reminderDaysBefore", where)));
    }

    private static int days(JsonNode node, String field, String where) {
        JsonNode n = node.get(field);
        if (n == null || !n.isInt() || n.intValue() < 1) {
            throw new PolicyException(where + "." + field + ": must be a positive whole number of days");
        }
        return n.intValue();
    }

    private static int minReasonLength(JsonNode settings) {
        JsonNode n = settings.get("breakGlassMinReasonLength");
        if (n == null || !n.isInt() || n.intValue() < 1) {
            throw new PolicyException("settings.breakGlassMinReasonLength: must be a positive integer");
        }
        return n.intValue();
    }

    private static Period period(JsonNode settings, String field, String example) {
        String where = "settings." + field;
        String text = text(settings, field, "settings");
        try {
            Period p = Period.parse(text);
            if (p.isNegative() || p.isZero()) {
                throw new PolicyException(where + ": must be a positive ISO-8601 period such as " + example);
            }
            return p;
        } catch (DateTimeParseException e) {
            throw new PolicyException(where + ": not an ISO-8601 period such as " + example + ": '" + text + "'", e);
        }
    }

    private static DocumentClass documentClass(String code, String where) {
        try {
            return DocumentClass.fromLoinc(code);
        } catch (InvalidIdentifierException e) {
            throw new PolicyException(where + ": unknown LOINC class '" + code + "'");
        }
    }

    private static List<String> strings(JsonNode node, String where, boolean required) {
        if (node == null) {
            if (required) {
                throw new PolicyException(where + ": missing (use [] for none)");
            }
            return List.of();
        }
        if (!node.isArray()) {
            throw new PolicyException(where + ": must be a list of LOINC codes");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new PolicyException(where + ": entries must be quoted codes, got " + item);
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual() || n.textValue().isBlank()) {
            throw new PolicyException(where + ": missing " + ("fr".equals(field) || "en".equals(field)
                    ? "reason '" + field + "'" : "'" + field + "'"));
        }
        return n.textValue().strip();
    }

    private static JsonNode requireObject(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            throw new PolicyException(where + ": missing section");
        }
        if (!node.isObject()) {
            throw new PolicyException(where + ": must be a mapping");
        }
        return node;
    }

    private static void onlyKnownFields(JsonNode node, String where, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new PolicyException(where + ": unknown field '" + name + "'; expected " + known);
            }
        }
    }

    private static List<String> knownRuleIds() {
        List<String> ids = new ArrayList<>();
        for (RuleId r : RuleId.values()) {
            ids.add(r.id());
        }
        return ids;
    }

    private static List<String> treatmentNames() {
        List<String> names = new ArrayList<>();
        for (CategoryTreatment t : CategoryTreatment.values()) {
            names.add(t.policyName());
        }
        return names;
    }
}
