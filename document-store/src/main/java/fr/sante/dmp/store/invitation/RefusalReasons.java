package fr.sante.dmp.store.invitation;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A refused cohort line's reason in the operator's language. The store records the reason in English (the CSV report
 * and the admin API keep it, and older rows hold nothing else), as the rules word it: {@link CohortParser}, the INS
 * parser, the postal address rule and the import's representatives check. Here each of those wordings is recognised
 * (a number in it, such as a length, is carried over) and given its French text from {@code refusal-reasons_fr.properties}.
 * A reason not recognised stays in English rather than vanish; {@code RefusalReasonsTest} fails when a rule's wording
 * has no French text.
 */
public final class RefusalReasons {
    static final String BUNDLE = "refusal-reasons_fr.properties";

    /** English wording (a number as {@code (\d+)}) → key of the French text, which takes it as {0}. */
    private static final Map<Pattern, String> RULES = new LinkedHashMap<>();

    static {
        rule("unbalanced double quotes", "quotes");
        rule("expected (\\d+) fields, found (\\d+)", "fieldCount");
        rule("must be 15 characters (13 for the number, 2 for the key)", "ins.length");
        rule("only digits are allowed, except 2A or 2B for a Corsican department", "ins.digits");
        rule("the first digit (sex) must be 1, 2, 3, 4, 7 or 8", "ins.sex");
        rule("the month of birth (positions 4-5) is not valid", "ins.month");
        rule("the key (last two digits) does not match the number", "ins.key");
        rule("a phone, an email or a postal address is required", "contact.required");
        rule("each must be a valid INS (15 characters with its key)", "representatives.ins");
        rule("one or two different INS: parental authority has at most two holders", "representatives.count");
        rule("a person cannot represent themself", "representatives.self");
        rule("only a minor's representatives are named (parental authority)", "representatives.adult");
        rule("each must be a known person of age (unknown INS, or a minor)", "representatives.unknown");
        rule("must be an ISO date (YYYY-MM-DD)", "date.format");
        rule("must not be in the future", "date.future");
        rule("does not match the year or month of birth in the INS", "date.ins");
        rule("is required", "required");
        rule("must be at most (\\d+) characters", "tooLong");
        rule("must not contain control characters", "control");
        rule("must be in E.164 format (+33612345678)", "phone.format");
        rule("is not a valid phone number", "phone.invalid");
        rule("is not a mobile number (an SMS cannot reach it)", "phone.mobile");
        rule("is not a phone number", "phone.not");
        rule("is not a valid e-mail address", "email");
        rule("2 to (\\d+) lines (addressee first)", "postal.lines");
        rule("every line 1 to (\\d+) characters", "postal.lineLength");
        rule("control characters", "postal.control");
        rule("the last line must be a 5-digit postcode and the town", "postal.postcode");
        rule("must be fr or en", "language");
    }

    private final Properties french = new Properties();

    public RefusalReasons() {
        try (InputStream in = RefusalReasons.class.getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLE + " is missing from the classpath");
            }
            french.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : RULES.values()) {
            if (french.getProperty(key) == null) {
                throw new IllegalStateException("no French text for the refusal reason " + key);
            }
        }
    }

    /** The reason in {@code lang} ({@code fr} or {@code en}): French when recognised, else as recorded. */
    public String in(String lang, String english) {
        return "fr".equals(lang) ? french(english).orElse(english) : english;
    }

    /** The French text of a recorded reason, if its wording is one of the rules'. */
    public Optional<String> french(String english) {
        if (english == null) {
            return Optional.empty();
        }
        for (Map.Entry<Pattern, String> r : RULES.entrySet()) {
            Matcher m = r.getKey().matcher(english);
            if (m.matches()) {
                String text = french.getProperty(r.getValue());
                for (int g = 1; g <= m.groupCount(); g++) {
                    text = text.replace("{" + (g - 1) + "}", m.group(g));
                }
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /** The wording quoted literally, except the numbers marked {@code (\d+)}. */
    private static void rule(String english, String key) {
        StringBuilder regex = new StringBuilder();
        String[] parts = english.split("\\(\\\\d\\+\\)", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("(\\d+)");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        RULES.put(Pattern.compile(regex.toString()), key);
    }
}
