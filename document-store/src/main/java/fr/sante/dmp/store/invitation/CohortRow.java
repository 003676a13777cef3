package fr.sante.dmp.store.invitation;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.notify.letter.PostalAddress;
import fr.sante.dmp.notify.outbox.Language;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A valid cohort line. Personal data: never log it ({@link #toString()} hides it). {@code representatives}: the
 * optional column, a minor's one or two holders of parental authority (empty: none).
 */
record CohortRow(long line, Ins ins, LocalDate birthDate, String givenName, String familyName,
                 Optional<String> phone, Optional<String> email, Language language,
                 Optional<PostalAddress> postalAddress, java.util.List<Ins> representatives) {

    /** The invitation goes by letter only to whom neither an SMS nor an e-mail can reach (issue 19). */
    boolean byLetter() {
        return phone.isEmpty() && email.isEmpty() && postalAddress.isPresent();
    }

    /** Sex as registration stores it, from the INS's first digit (1, 3, 7 men; 2, 4, 8 women). */
    String sex() {
        return "137".indexOf(ins.sexDigit()) >= 0 ? "M" : "F";
    }

    @Override
    public String toString() {
        return "CohortRow[line=" + line + "]";
    }
}
