package fr.sante.dmp.pwa.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/**
 * What every template gets: the language's texts, the CSRF token, whether someone is signed in, which section is
 * current (for {@code aria-current}) and the versioned asset base.
 */
public record Page(Messages m, String csrf, boolean signedIn, String section, String assetBase, String path,
                   long idleSeconds, String actingFor) {

    /** A page of someone acting in their own space (or of nobody signed in). */
    public Page(Messages m, String csrf, boolean signedIn, String section, String assetBase, String path,
                long idleSeconds) {
        this(m, csrf, signedIn, section, assetBase, path, idleSeconds, null);
    }

    /** France's legal time: deadlines and access times are shown as the patient lives them. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    /**
     * How long before the idle logout the page warns (2 minutes, or a quarter of a short timeout), for app.js; typing
     * refreshes the session at most this often too.
     */
    public long warnSeconds() {
        return Math.max(1, Math.min(120, idleSeconds / 4));
    }

    /** The warning's lead time in whole minutes, for its wording. */
    public long warnMinutes() {
        return Math.max(1, (warnSeconds() + 59) / 60);
    }

    public String lang() {
        return m.lang();
    }

    public String t(String key) {
        return m.get(key);
    }

    public String t(String key, Object... args) {
        return m.format(key, args);
    }

    /** The text for a key built from data (an audit action, a rule), or the fallback when there is none. */
    public String tOr(String key, String fallback) {
        return m.has(key) ? m.get(key) : fallback;
    }

    public String asset(String name) {
        return assetBase + "/" + name;
    }

    public String otherLang() {
        return "fr".equals(lang()) ? "en" : "fr";
    }

    /** The current page in the other language. */
    public String switchLangUrl() {
        return path + "?lang=" + otherLang();
    }

    public String current(String s) {
        return s.equals(section) ? "page" : null;
    }

    public String date(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(m.locale())
                .format(instant.atZone(ZONE));
    }

    public String date(LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(m.locale())
                .format(date);
    }

    /** "7 décembre 2026 à 02:36" / "7 December 2026 at 02:36": the date as {@link #date}, then the time. */
    public String dateTime(Instant instant) {
        return instant == null ? "" : date(instant) + ("en".equals(lang()) ? " at " : " à ") + time(instant);
    }

    public String time(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(m.locale())
                .format(instant.atZone(ZONE));
    }

    public String isoDateTime(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(ZONE));
    }
}
