package fr.sante.dmp.store.patient.history;

import java.util.Locale;
import java.util.Optional;

/**
 * Which entries of the access history the patient reads. Professionals' entries come first by default: the patient's
 * own views, which fill the history page after page, are a filter of their own ("mine").
 */
public enum HistoryFilter {
    /** Everything about the record (the patient API's history before filters). */
    ALL,
    /** Professionals' accesses and attempts, allowed or refused, emergency ones included: the default. */
    PROFESSIONALS,
    /** The patient's own actions and views. */
    MINE,
    /** Refused attempts, whoever made them. */
    REFUSED,
    /** Emergency accesses (break-glass), allowed or refused. */
    EMERGENCY;

    /** The query parameter's value ("professionals"). */
    public String param() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The filter a query parameter names; none given is {@link #PROFESSIONALS}; an unknown one is empty. */
    public static Optional<HistoryFilter> fromParam(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(PROFESSIONALS);
        }
        for (HistoryFilter f : values()) {
            if (f.param().equals(value)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
