package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.carehistory.FeedReport.Reason;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Validates one NDJSON line of the feed (format in docs/care-history.md). Returns a {@link FeedLine} or a
 * {@link FeedReport.Rejection} naming the field; never echoes a value.
 */
final class LineParser {
    private static final long MAX_CENTS = 100_000_000_00L;

    private final LocalDate cutoff;
    private final LocalDate latest;

    /**
     * @param cutoff first day inside the window
     * @param latest last acceptable day of care (today, plus one day of tolerance for time zones)
     */
    LineParser(LocalDate cutoff, LocalDate latest) {
        this.cutoff = cutoff;
        this.latest = latest;
    }

    /** Either a valid line or a rejection; {@code text} null means the line was too long. */
    Object parse(long number, String text) {
        if (text == null) {
            return reject(number, null, Reason.LINE_TOO_LONG, "line too long");
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            return reject(number, null, Reason.MALFORMED_JSON, "not a JSON object");
        }
        String lineId;
        try {
            lineId = requiredString(json, "lineId", 64);
        } catch (Invalid e) {
            return reject(number, null, Reason.INVALID_FIELD, e.getMessage());
        }
        Ins ins;
        try {
            ins = Ins.parse(json.getString("ins"));
        } catch (InvalidIdentifierException | ClassCastException e) {
            return reject(number, lineId, Reason.INVALID_INS, "ins: invalid (length, characters or key)");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(json.getString("dateOfCare"));
        } catch (DateTimeParseException | NullPointerException | ClassCastException e) {
            return reject(number, lineId, Reason.INVALID_DATE, "dateOfCare: must be an ISO date YYYY-MM-DD");
        }
        if (date.isAfter(latest)) {
            return reject(number, lineId, Reason.INVALID_DATE, "dateOfCare: in the future");
        }
        if (date.isBefore(cutoff)) {
            return reject(number, lineId, Reason.OUTSIDE_WINDOW, "dateOfCare: older than the 24-month window");
        }
        try {
            LinePayload payload = new LinePayload(kind(json), requiredString(json, "code", LinePayload.MAX_CODE_BYTES),
                    requiredString(json, "label", LinePayload.MAX_LABEL_BYTES), rpps(json, "prescriberRpps"),
                    rpps(json, "performerRpps"), amount(json));
            return new FeedLine(number, lineId, ins, date, flag(json, "sensitive"), flag(json, "minorConfidential"),
                    payload.encode());
        } catch (Invalid e) {
            return reject(number, lineId, Reason.INVALID_FIELD, e.getMessage());
        }
    }

    private static CareHistoryLine.Kind kind(JsonObject json) {
        Object v = json.getValue("kind");
        if (!(v instanceof String s)) {
            throw new Invalid("kind: must be ACT or DRUG");
        }
        try {
            return CareHistoryLine.Kind.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Invalid("kind: must be ACT or DRUG");
        }
    }

    private static String requiredString(JsonObject json, String field, int maxBytes) {
        Object v = json.getValue(field);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new Invalid(field + ": required text");
        }
        String t = s.strip();
        if (t.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new Invalid(field + ": longer than " + maxBytes + " bytes");
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.isISOControl(t.charAt(i))) {
                throw new Invalid(field + ": control characters are not allowed");
            }
        }
        return t;
    }

    private static Optional<Rpps> rpps(JsonObject json, String field) {
        Object v = json.getValue(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new Invalid(field + ": must be an RPPS in quotes");
        }
        try {
            return Optional.of(Rpps.parse(s));
        } catch (InvalidIdentifierException e) {
            throw new Invalid(field + ": invalid RPPS (11 digits, Luhn check)");
        }
    }

    private static OptionalLong amount(JsonObject json) {
        Object v = json.getValue("amount");
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            BigDecimal euros = v instanceof String s ? new BigDecimal(s) : new BigDecimal(v.toString());
            if (euros.signum() < 0 || euros.scale() > 2) {
                throw new Invalid("amount: must be a non-negative amount in euros with at most 2 decimals");
            }
            long cents = euros.movePointRight(2).longValueExact();
            if (cents > MAX_CENTS) {
                throw new Invalid("amount: too large");
            }
            return OptionalLong.of(cents);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Invalid("amount: must be a number of euros");
        }
    }

    private static boolean flag(JsonObject json, String field) {
        Object v = json.getValue(field);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw new Invalid(field + ": must be true or false");
        }
        return b;
    }

    private static FeedReport.Rejection reject(long number, String lineId, Reason reason, String detail) {
        return new FeedReport.Rejection(number, Optional.ofNullable(lineId), reason, detail);
    }

    /** A field problem; the message names the field, never its value. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
