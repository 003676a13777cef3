package fr.sante.dmp.consent;

/**
 * The patient's choice about their insurer-fed care history as a whole. By default the history is quarantined: only
 * the patient and their treating doctor see it; the patient may open it to every professional allowed on the record.
 * Per-line choices (hide, show a sensitive line) are in {@link CareHistoryLineFacts}.
 *
 * <p>A record apart from {@link ConsentSettings} on purpose: the care history is a separate feature and its setting
 * lives in its own table, so document reads are unaffected by it.
 *
 * @param openToProfessionals the patient opened the history to all professionals allowed on the record
 */
public record CareHistorySettings(boolean openToProfessionals) {

    /** The default: only the patient and the treating doctor. */
    public static final CareHistorySettings QUARANTINED = new CareHistorySettings(false);

    /** Opened by the patient to every professional allowed on the record. */
    public static final CareHistorySettings OPEN = new CareHistorySettings(true);

    public static CareHistorySettings of(boolean openToProfessionals) {
        return openToProfessionals ? OPEN : QUARANTINED;
    }
}
