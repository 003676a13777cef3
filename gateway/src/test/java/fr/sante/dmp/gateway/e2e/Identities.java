package fr.sante.dmp.gateway.e2e;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Rpps;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh, valid identifiers for each test, so that tests never share a patient, a professional or a rate bucket. */
final class Identities {
    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 100_000));

    private Identities() {
    }

    /** A valid INS (key computed) for a woman born in May 1985 in Paris; the order number makes it unique. */
    static String ins() {
        int n = NEXT.incrementAndGet();
        String number = String.format("28505751%02d%03d", (n / 1000) % 100, n % 1000);
        return number + String.format("%02d", Ins.key(number));
    }

    /** A valid RPPS (Luhn digit computed). */
    static String rpps() {
        String payload = String.format("1%09d", NEXT.incrementAndGet());
        return payload + Rpps.luhnCheckDigit(payload);
    }

    /** The INS with a wrong key. */
    static String insWithWrongKey() {
        String valid = ins();
        int key = Integer.parseInt(valid.substring(13));
        return valid.substring(0, 13) + String.format("%02d", key == 1 ? 2 : key - 1);
    }
}
