package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.consent.Rpps;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of the care history as a reader receives it, decrypted. The patient's page groups lines by month of care
 * (newest first, as returned) and searches code and label; a professional receives only the lines the consent engine
 * let through.
 *
 * @param amountCents   amount reimbursed, in euro cents, when the insurer gave one
 * @param patientChoice the patient's choice on this line (hidden, shown, none)
 */
public record CareHistoryLine(
        String lineId,
        LocalDate dateOfCare,
        Kind kind,
        String code,
        String label,
        Optional<Rpps> prescriber,
        Optional<Rpps> performer,
        OptionalLong amountCents,
        boolean sensitive,
        boolean minorConfidential,
        PatientChoice patientChoice) {

    public CareHistoryLine {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(dateOfCare, "dateOfCare");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(prescriber, "prescriber");
        Objects.requireNonNull(performer, "performer");
        Objects.requireNonNull(amountCents, "amountCents");
        Objects.requireNonNull(patientChoice, "patientChoice");
    }

    /** A reimbursed act (CCAM, NGAP, biology code) or a dispensed drug (CIP/UCD code). */
    public enum Kind {
        ACT,
        DRUG
    }

    /** The patient's choice on one line: stored as NULL / true / false in {@code care_history_line.patient_choice}. */
    public enum PatientChoice {
        NONE,
        HIDDEN,
        SHOWN;

        static PatientChoice fromColumn(Boolean hidden) {
            return hidden == null ? NONE : hidden ? HIDDEN : SHOWN;
        }
    }
}
