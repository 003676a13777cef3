package fr.sante.dmp.pwa.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Field errors of a submitted form, in form order: field name to message key. */
public final class FormErrors {

    private final Map<String, String> errors = new LinkedHashMap<>();

    public static FormErrors none() {
        return new FormErrors();
    }

    public FormErrors add(String field, String messageKey) {
        errors.putIfAbsent(field, messageKey);
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public boolean has(String field) {
        return errors.containsKey(field);
    }

    public Set<Map.Entry<String, String>> entries() {
        return errors.entrySet();
    }

    /** The translated message for a field, or null (templates then render no error). */
    public String message(Page page, String field) {
        String key = errors.get(field);
        return key == null ? null : page.t(key);
    }

    /** The first faulty field, for the API's problem document. */
    public String firstField() {
        return errors.keySet().stream().findFirst().orElse(null);
    }

    public String firstKey() {
        return errors.values().stream().findFirst().orElse(null);
    }
}
