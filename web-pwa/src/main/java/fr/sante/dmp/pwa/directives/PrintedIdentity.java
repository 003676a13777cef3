package fr.sante.dmp.pwa.directives;

import fr.sante.dmp.consent.Ins;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Who the printed directives are of, and when the document was made: the official models (arrêté of 3 August 2016)
 * name the author, their birth date, and are dated and signed. Personal data: rendered, never logged.
 */
public record PrintedIdentity(String fullName, LocalDate birthDate, Ins ins, Instant printedAt) {

    /** The INS as on the carte Vitale: 1 85 05 75 123 456 73. */
    public String insGrouped() {
        String v = ins.value();
        if (v.length() != 15) {
            return v;
        }
        return v.charAt(0) + " " + v.substring(1, 3) + " " + v.substring(3, 5) + " " + v.substring(5, 7) + " "
                + v.substring(7, 10) + " " + v.substring(10, 13) + " " + v.substring(13);
    }
}
