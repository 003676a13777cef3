package fr.sante.dmp.store.patient;

import fr.sante.dmp.consent.ConsentSettings;
import fr.sante.dmp.consent.Rpps;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Consent settings from their stored columns (treating doctor, emergency opposition, blocked and consents arrays). */
final class Settings {
    private Settings() {
    }

    static ConsentSettings from(String treating, Boolean emergencyOpposed, String[] blocked, String[] consents) {
        return new ConsentSettings(rpps(blocked), Optional.ofNullable(treating).map(Rpps::new),
                Boolean.TRUE.equals(emergencyOpposed), rpps(consents));
    }

    static Set<Rpps> rpps(String[] values) {
        Set<Rpps> set = new HashSet<>();
        if (values != null) {
            for (String v : values) {
                set.add(new Rpps(v));
            }
        }
        return set;
    }
}
