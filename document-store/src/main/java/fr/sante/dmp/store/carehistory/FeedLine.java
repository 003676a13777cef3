package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.consent.Ins;
import java.time.LocalDate;

/** A line that passed validation, waiting for its record: the INS is kept only until its hash is taken. */
record FeedLine(long lineNumber, String lineId, Ins ins, LocalDate dateOfCare, boolean sensitive,
                boolean minorConfidential, byte[] payload) {
}
