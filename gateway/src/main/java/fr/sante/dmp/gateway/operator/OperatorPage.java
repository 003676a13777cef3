package fr.sante.dmp.gateway.operator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;

/**
 * What every operator template gets: the texts of the chosen language (French first), the stylesheet of the patient
 * space (same look, same CSP: nothing inline), and whether an operator is signed in.
 */
public record OperatorPage(String lang, Properties texts, String stylesheet, String path, boolean signedIn) {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    public String t(String key) {
        String v = texts.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("missing operator text " + key + " (" + lang + ")");
        }
        return v;
    }

    public String otherLang() {
        return "fr".equals(lang) ? "en" : "fr";
    }

    public String switchLangUrl() {
        return path + "?lang=" + otherLang();
    }

    /** Paris time, the operators' time. */
    public String time(Instant at) {
        if (at == null) {
            return "–";
        }
        String pattern = "fr".equals(lang) ? "dd/MM/yyyy HH:mm" : "d MMM yyyy HH:mm";
        return DateTimeFormatter.ofPattern(pattern, Locale.forLanguageTag(lang)).format(at.atZone(PARIS));
    }

    /** A day as each language writes it. */
    public String day(java.time.LocalDate d) {
        return DateTimeFormatter.ofPattern("fr".equals(lang) ? "dd/MM/yyyy" : "d MMM yyyy",
                Locale.forLanguageTag(lang)).format(d);
    }

    /** Counts with thousands separators as each language writes them. */
    public String count(long n) {
        return String.format(Locale.forLanguageTag("fr".equals(lang) ? "fr-FR" : "en-GB"), "%,d", n);
    }

    public String status(String status) {
        return texts.getProperty("status." + status, status);
    }
}
