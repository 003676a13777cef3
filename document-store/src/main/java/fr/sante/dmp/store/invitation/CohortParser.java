package fr.sante.dmp.store.invitation;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.notify.letter.PostalAddress;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.store.record.FieldLimits;
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
    /** The seven columns every cohort file has. */
    static final String BASE = "ins,birthDate,givenName,familyName,phone,email,language";
    /** The optional columns, after the seven, in any order (docs/invitations.md). */
    static final String POSTAL_ADDRESS = "postalAddress";
    /**
     * A minor's representatives (issue 16): one or two INS separated by a space or a semicolon, each linked as
     * parental authority at import (docs/invitations.md, docs/representatives.md).
     */
    static final String REPRESENTATIVES = "representatives";
    /** The header with every column. */
    static final String HEADER = BASE + "," + POSTAL_ADDRESS + "," + REPRESENTATIVES;
    static final int FIELDS = 7;
    /** The registration's limit (FieldLimits): a cohort line registers the person it names. */
    static final int MAX_NAME = FieldLimits.NAME_MAX;
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

    /**
     * The columns a header announces: how many, and where the optional ones are (-1: absent); null when the line is
     * not a cohort header.
     */
    static Columns header(String line) {
        String l = (line.startsWith("\uFEFF") ? line.substring(1) : line).trim().replace(" ", "");
        String[] names = l.split(",", -1);
        if (names.length < FIELDS || !String.join(",", java.util.Arrays.copyOf(names, FIELDS)).equalsIgnoreCase(BASE)) {
            return null;
        }
        int postal = -1;
        int representatives = -1;
        for (int i = FIELDS; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(POSTAL_ADDRESS) && postal < 0) {
                postal = i;
            } else if (names[i].equalsIgnoreCase(REPRESENTATIVES) && representatives < 0) {
                representatives = i;
            } else {
                return null;
            }
        }
        return new Columns(names.length, postal, representatives);
    }

    static boolean isHeader(String line) {
        return header(line) != null;
    }

    /** A header's columns: their number and the index of each optional one (-1 when absent). */
    record Columns(int count, int postal, int representatives) {
    }

    /** A line of a file whose header announced these columns. */
    Result parse(long line, String text, Columns columns) {
        List<String> f = split(text);
        List<Rejection> bad = new ArrayList<>(2);
        if (f == null) {
            bad.add(new Rejection(line, "line", "unbalanced double quotes"));
            return new Result(null, bad);
        }
        if (f.size() != columns.count()) {
            bad.add(new Rejection(line, "line", "expected " + columns.count() + " fields, found " + f.size()));
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
        String address = columns.postal() < 0 ? "" : f.get(columns.postal()).trim();
        if (f.get(4).isBlank() && f.get(5).isBlank() && address.isEmpty()) {
            bad.add(new Rejection(line, "phone", "a phone, an email or a postal address is required"));
        }
        Language language = language(line, f.get(6).trim(), bad);
        Optional<PostalAddress> postal = postalAddress(line, given, family, address, bad);
        List<Ins> representatives = columns.representatives() < 0 ? List.of()
                : representatives(line, f.get(columns.representatives()), ins, bad);
        if (!bad.isEmpty()) {
            return new Result(null, bad);
        }
        return new Result(new CohortRow(line, ins, birth, given, family, phone, email, language, postal,
                representatives), List.of());
    }

    /** One or two INS (space or semicolon between them), neither the person's own; blank: none. */
    private static List<Ins> representatives(long line, String raw, Ins self, List<Rejection> bad) {
        if (raw.isBlank()) {
            return List.of();
        }
        List<Ins> out = new ArrayList<>(2);
        for (String part : raw.trim().split("[;\\s]+")) {
            try {
                out.add(Ins.parse(part));
            } catch (InvalidIdentifierException e) {
                bad.add(new Rejection(line, REPRESENTATIVES, "each must be a valid INS (15 characters with its key)"));
                return List.of();
            }
        }
        if (out.size() > 2 || out.stream().distinct().count() != out.size()) {
            bad.add(new Rejection(line, REPRESENTATIVES, "one or two different INS: parental authority has at most two holders"));
        } else if (self != null && out.contains(self)) {
            bad.add(new Rejection(line, REPRESENTATIVES, "a person cannot represent themself"));
        }
        return out;
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
