package fr.sante.dmp.gateway.seed;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;

import java.time.LocalDate;

/**
 * Person number {@code index} of the synthetic population. {@link #toString()} shows the index only: names, phone and
 * email must never reach a log, even synthetic ones (a log line cannot tell them from real ones).
 *
 * @param sex 1 man, 2 woman (the INS's first digit)
 * @param phone E.164, in the 06 39 98 xx xx block (fiction range), so shared by one person in 10,000
 * @param email unique: {@code p<index>@example.test} (RFC 2606 reserved domain)
 * @param state the record state the seeder gives this person ({@link SyntheticPopulation#recordState(long)})
 */
public record SyntheticPerson(long index, Ins ins, int sex, LocalDate birthDate, String givenName, String familyName,
                              String phone, String email, RecordState state) {

    @Override
    public String toString() {
        return "SyntheticPerson[index=" + index + "]";
    }
}
