package fr.sante.dmp.pwa.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/** An opposition deadline as a person reads it: the date, days left (counted in French days), passed or not. */
public record Deadline(Instant at, long daysLeft, boolean passed) {

    public static Deadline of(Instant at, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), Page.ZONE);
        LocalDate day = LocalDate.ofInstant(at, Page.ZONE);
        long days = java.time.temporal.ChronoUnit.DAYS.between(today, day);
        return new Deadline(at, Math.max(0, days), !clock.instant().isBefore(at));
    }
}
