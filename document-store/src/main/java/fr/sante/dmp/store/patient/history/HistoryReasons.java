package fr.sante.dmp.store.patient.history;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.RuleId;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

/**
 * The plain-words reason for a stored rule id: the consent engine's policy for its rules, the message bundle
 * {@code history-reasons.properties} for the ids the store writes itself, a neutral text for anything else.
 */
final class HistoryReasons {
    static final String BUNDLE = "history-reasons.properties";

    private final ConsentEngine consent;
    private final Properties store = new Properties();

    HistoryReasons(ConsentEngine consent) {
        this.consent = consent;
        try (InputStream in = HistoryReasons.class.getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLE + " is missing from the classpath");
            }
            store.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {fr, en} */
    String[] of(String ruleId) {
        Optional<RuleId> rule = RuleId.fromId(ruleId);
        if (rule.isPresent()) {
            Decision d = consent.explain(rule.get());
            return new String[] {d.reasonFr(), d.reasonEn()};
        }
        String fr = store.getProperty(ruleId + ".fr");
        String en = store.getProperty(ruleId + ".en");
        if (fr == null || en == null) {
            return new String[] {store.getProperty("unknown.fr"), store.getProperty("unknown.en")};
        }
        return new String[] {fr, en};
    }
}
