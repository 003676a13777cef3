package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.store.crypto.CareLineSealer;
import java.time.LocalDate;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * The one field of a sealed care-history line a research extract may carry: its act or drug code. The label, the
 * prescriber's and performer's RPPS and the amount never leave this package.
 */
public final class ResearchCodes {
    private final CareLineSealer sealer = new CareLineSealer();

    public String code(SecretKey key, UUID recordId, String lineId, LocalDate dateOfCare, byte[] sealed) {
        return LinePayload.decode(sealer.open(key, recordId, lineId, dateOfCare, sealed)).code();
    }
}
