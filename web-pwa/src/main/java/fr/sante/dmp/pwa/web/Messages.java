package fr.sante.dmp.pwa.web;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * The texts of one language, from {@code i18n/messages_<lang>.properties} (UTF-8). Loaded once at start-up; a missing
 * key shows as {@code ??key??} and a test keeps the two bundles' keys identical.
 */
public final class Messages {

    public static final Set<String> LANGUAGES = Set.of("fr", "en");
    private final String lang;
    private final Locale locale;
    private final Map<String, String> texts;

    private Messages(String lang) {
        this.lang = lang;
        this.locale = Locale.forLanguageTag(lang);
        ResourceBundle bundle = ResourceBundle.getBundle("i18n/messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> m = new HashMap<>();
        for (String key : bundle.keySet()) {
            m.put(key, bundle.getString(key));
        }
        this.texts = Collections.unmodifiableMap(m);
    }

    /** Both languages, loaded. */
    public static Map<String, Messages> load() {
        Map<String, Messages> all = new HashMap<>();
        for (String lang : LANGUAGES) {
            all.put(lang, new Messages(lang));
        }
        return Map.copyOf(all);
    }

    public String lang() {
        return lang;
    }

    public Locale locale() {
        return locale;
    }

    public Set<String> keys() {
        return texts.keySet();
    }

    public boolean has(String key) {
        return texts.containsKey(key);
    }

    public String get(String key) {
        String v = texts.get(key);
        return v == null ? "??" + key + "??" : v;
    }

    /** Replaces {0}, {1}... (no MessageFormat: French apostrophes would need doubling everywhere). */
    public String format(String key, Object... args) {
        String text = get(key);
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }
}
