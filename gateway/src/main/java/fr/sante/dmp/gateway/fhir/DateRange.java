package fr.sante.dmp.gateway.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A FHIR date search value as an instant range [from, to): prefixes eq (default), ge, gt, le, lt; precision year,
 * month, day or a date-time with its offset. A date without offset is a day in Europe/Paris, where the records live.
 */
record DateRange(Optional<Instant> from, Optional<Instant> to) {
    static final DateRange ALL = new DateRange(Optional.empty(), Optional.empty());
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    DateRange and(DateRange other) {
        return new DateRange(max(from, other.from), min(to, other.to));
    }

    static DateRange parse(String parameter, String raw) {
        String value = raw.trim();
        String prefix = "eq";
        if (value.length() > 2 && Character.isLetter(value.charAt(0)) && Character.isLetter(value.charAt(1))) {
            prefix = value.substring(0, 2);
            value = value.substring(2);
        }
        Instant start;
        Instant end;
        try {
            if (value.length() == 4) {
                LocalDate d = LocalDate.of(Integer.parseInt(value), 1, 1);
                start = d.atStartOfDay(PARIS).toInstant();
                end = d.plusYears(1).atStartOfDay(PARIS).toInstant();
            } else if (value.length() == 7) {
                YearMonth m = YearMonth.parse(value);
                start = m.atDay(1).atStartOfDay(PARIS).toInstant();
                end = m.plusMonths(1).atDay(1).atStartOfDay(PARIS).toInstant();
            } else if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                start = d.atStartOfDay(PARIS).toInstant();
                end = d.plusDays(1).atStartOfDay(PARIS).toInstant();
            } else {
                start = OffsetDateTime.parse(value).toInstant();
                end = start.plusNanos(1000);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw Identifiers.invalid(parameter, "must be a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a date-time "
                    + "with its offset) with an optional prefix eq, ge, gt, le or lt");
        }
        return switch (prefix) {
            case "eq" -> new DateRange(Optional.of(start), Optional.of(end));
            case "ge" -> new DateRange(Optional.of(start), Optional.empty());
            case "gt" -> new DateRange(Optional.of(end), Optional.empty());
            case "le" -> new DateRange(Optional.empty(), Optional.of(end));
            case "lt" -> new DateRange(Optional.empty(), Optional.of(start));
            default -> throw Identifiers.invalid(parameter, "the prefix must be eq, ge, gt, le or lt");
        };
    }

    private static Optional<Instant> max(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().isAfter(b.get()) ? a : b;
    }

    private static Optional<Instant> min(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().isBefore(b.get()) ? a : b;
    }
}
