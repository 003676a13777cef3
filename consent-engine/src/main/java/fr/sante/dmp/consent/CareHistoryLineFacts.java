package fr.sante.dmp.consent;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What the rules need to know about one line of the insurer-fed care history (one reimbursed act or drug).
 *
 * <p>The patient's choice on a line is three-valued: none, hidden, shown. {@code hiddenByPatient} hides it from every
 * professional (the treating doctor included: hiding a line is precisely a choice against the people who would
 * otherwise see it). {@code shownByPatient} lets a line the insurer flagged sensitive reach the professionals who may
 * see the history; it changes nothing for an ordinary line. Both set cannot come from the store (one column), and would
 * be read as hidden (fail closed).
 *
 * @param id                opaque line id (the insurer's)
 * @param dateOfCare        the day the care was given; lines older than the rolling window are invisible to everyone
 * @param sensitive         flagged sensitive by the insurer (psychiatry, sexual health, abortion, ...)
 * @param hiddenByPatient   the patient hid this line from professionals
 * @param shownByPatient    the patient chose to show this line (lifts the sensitive flag)
 * @param minorConfidential a minor's confidential act (CSP L1111-5, R1111-33): never shown to legal representatives
 */
public record CareHistoryLineFacts(
        String id,
        LocalDate dateOfCare,
        boolean sensitive,
        boolean hiddenByPatient,
        boolean shownByPatient,
        boolean minorConfidential) {

    /**
     * The document-class code of the insurer-fed care history. LOINC has no type code for an insurer's reimbursement
     * history, so the project chose one of its own (code system {@value #CLASS_SYSTEM}); it is deliberately not
     * LOINC-shaped, so it can never collide with a LOINC class nor be deposited as a document
     * ({@link DocumentClass#fromLoinc} rejects it).
     */
    public static final String CLASS_CODE = "DMP-CARE-HISTORY";

    /** The code system of {@link #CLASS_CODE}: the project's own document classes. */
    public static final String CLASS_SYSTEM = "urn:dmp:document-class";

    public CareHistoryLineFacts {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dateOfCare, "dateOfCare");
    }
}
