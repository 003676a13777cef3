package fr.sante.dmp.store.invitation;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.notify.letter.PostalAddress;
import fr.sante.dmp.notify.outbox.Language;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses and validates one cohort line ({@link #HEADER}). Every field is checked, so a refused line reports all its
 * problems at once; reasons name the rule, never the value.
 */
final class CohortParser {
    static final String HEADER = "ins,birthDate,givenName,familyName,phone,email,language,postalAddress";
    /** The header before postal letters (issue 19): still accepted, its lines have no postal address. */
    static final String HEADER_WITHOUT_ADDRESS = "ins,birthDate,givenName,familyName,phone,email,language";
    static final int FIELDS = 8;
    static final int MAX_NAME = 100;
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    // RFC 5321/5322 "dot-atom" addresses, which is what mail relays accept in practice; no quoted local parts.

    /** Either a row or the reasons it was refused. */
    record Result(CohortRow row, List<Rejection> rejections) {
    }

    /**
     * The mobile numbers ARCEP reserves for works of fiction, 06 39 98 xx xx: never anyone's phone, so the README and
     * the sample cohort use them. Accepted only when the campaign options say so (embedded mode): in production such a
     * line is an error in the file, and refused like any invalid number.
     */
    static final java.util.regex.Pattern FICTION_MOBILE = java.util.regex.Pattern.compile("\\+3363998[0-9]{4}");

    private final Clock clock;
    private final boolean fictionNumbers;

    CohortParser(Clock clock) {
        this(clock, false);
    }

    CohortParser(Clock clock, boolean fictionNumbers) {
        this.clock = clock;
        this.fictionNumbers = fictionNumbers;
    }

    /** The number of fields the header announces (8, or 7 without the postal address); 0 when it is not the header. */
    static int headerFields(String line) {
        String l = (line.startsWith("\uFEFF") ? line.substring(1) : line).trim().replace(" ", "");
        return l.equalsIgnoreCase(HEADER) ? FIELDS : l.equalsIgnoreCase(HEADER_WITHOUT_ADDRESS) ? FIELDS - 1 : 0;
    }

    static boolean isHeader(String line) {
        return headerFields(line) > 0;
    }

    /** A line of a file whose header announced {@code fields} fields. */
    Result parse(long line, String text, int fields) {
        List<String> f = split(text);
        List<Rejection> bad = new ArrayList<>(2);
        if (f == null) {
            bad.add(new Rejection(line, "line", "unbalanced double quotes"));
            return new Result(null, bad);
        }
        if (f.size() != fields) {
            bad.add(new Rejection(line, "line", "expected " + fields + " fields, found " + f.size()));
            return new Result(null, bad);
        }
        Ins ins = null;
        try {
            ins = Ins.parse(f.get(0));
        } catch (InvalidIdentifierException e) {
            bad.add(new Rejection(line, "ins", e.getMessage().replaceFirst("^ins: ", "")));
        }
        LocalDate birth = birthDate(line, f.get(1), ins, bad);
        String given = name(line, "givenName", f.get(2), bad);
        String family = name(line, "familyName", f.get(3), bad);
        Optional<String> phone = phone(line, f.get(4).trim(), bad, fictionNumbers);
        Optional<String> email = email(line, f.get(5).trim(), bad);
        String address = fields > 7 ? f.get(7).trim() : "";
        if (f.get(4).isBlank() && f.get(5).isBlank() && address.isEmpty()) {
            bad.add(new Rejection(line, "phone", "a phone, an email or a postal address is required"));
        }
        Language language = language(line, f.get(6).trim(), bad);
        Optional<PostalAddress> postal = postalAddress(line, given, family, address, bad);
        if (!bad.isEmpty()) {
            return new Result(null, bad);
        }
        return new Result(new CohortRow(line, ins, birth, given, family, phone, email, language, postal), List.of());
    }

    private LocalDate birthDate(long line, String raw, Ins ins, List<Rejection> bad) {
        LocalDate d;
        try {
            d = LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            bad.add(new Rejection(line, "birthDate", "must be an ISO date (YYYY-MM-DD)"));
            return null;
        }
        if (d.isAfter(LocalDate.now(clock))) {
            bad.add(new Rejection(line, "birthDate", "must not be in the future"));
        } else if (ins != null && !matchesIns(d, ins)) {
            bad.add(new Rejection(line, "birthDate", "does not match the year or month of birth in the INS"));
        }
        return d;
    }

    /** INS positions 2-3 are the year of birth, 4-5 the month (values above 12 mean unknown: not checked). */
    private static boolean matchesIns(LocalDate d, Ins ins) {
        int yy = Integer.parseInt(ins.value().substring(1, 3));
        int mm = Integer.parseInt(ins.value().substring(3, 5));
        return d.getYear() % 100 == yy && (mm > 12 || d.getMonthValue() == mm);
    }

    private static String name(long line, String field, String raw, List<Rejection> bad) {
        String v = raw.trim();
        if (v.isEmpty()) {
            bad.add(new Rejection(line, field, "is required"));
        } else if (v.length() > MAX_NAME) {
            bad.add(new Rejection(line, field, "must be at most " + MAX_NAME + " characters"));
        } else if (v.chars().anyMatch(Character::isISOControl)) {
            bad.add(new Rejection(line, field, "must not contain control characters"));
        }
        return v;
    }

    private static Optional<String> phone(long line, String raw, List<Rejection> bad, boolean fictionNumbers) {
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (fictionNumbers && FICTION_MOBILE.matcher(raw).matches()) {
            return Optional.of(raw);
        }
        if (!raw.startsWith("+")) {
            bad.add(new Rejection(line, "phone", "must be in E.164 format (+33612345678)"));
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber n = PHONES.parse(raw, null);
            if (!PHONES.isValidNumber(n)) {
                bad.add(new Rejection(line, "phone", "is not a valid phone number"));
                return Optional.empty();
            }
            PhoneNumberUtil.PhoneNumberType type = PHONES.getNumberType(n);
            if (type != PhoneNumberUtil.PhoneNumberType.MOBILE
                    && type != PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE) {
                bad.add(new Rejection(line, "phone", "is not a mobile number (an SMS cannot reach it)"));
                return Optional.empty();
            }
            return Optional.of(PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            bad.add(new Rejection(line, "phone", "is not a phone number"));
            return Optional.empty();
        }
    }

    private static Optional<String> email(long line, String raw, List<Rejection> bad) {
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!fr.sante.dmp.store.Text.isEmail(raw)) {
            bad.add(new Rejection(line, "email", "is not a valid e-mail address"));
            return Optional.empty();
        }
        return Optional.of(raw);
    }

    /**
     * Address lines separated by {@code |} (a CSV line holds no line break), the last one "postcode town"; the
     * addressee's name is put first from the name fields. The rule is the outbox's ({@link PostalAddress}).
     */
    private static Optional<PostalAddress> postalAddress(long line, String given, String family, String raw,
                                                         List<Rejection> bad) {
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            PostalAddress.checkCohortField(raw);
            return Optional.of(PostalAddress.of(given, family, raw));
        } catch (IllegalArgumentException e) {
            // The rule's message, never the value.
            bad.add(new Rejection(line, "postalAddress", e.getMessage().replaceFirst("^postalAddress: ", "")));
            return Optional.empty();
        }
    }

    /** Empty means French, the default of every notice. */
    private static Language language(long line, String raw, List<Rejection> bad) {
        if (raw.isEmpty() || raw.equals("fr")) {
            return Language.fr;
        }
        if (raw.equals("en")) {
            return Language.en;
        }
        bad.add(new Rejection(line, "language", "must be fr or en"));
        return null;
    }

    /** RFC 4180 fields: commas inside double quotes, "" for a quote. Null when quotes do not balance. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>(FIELDS);
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(cur.toString());
        return out;
    }
}
