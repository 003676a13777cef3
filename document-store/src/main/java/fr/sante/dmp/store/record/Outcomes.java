package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.crypto.CryptoIntegrityException;
import io.vertx.core.Future;

/** How failures leave the record services: domain errors as they are, anything else as Unavailable (fail closed). */
final class Outcomes {
    /** Rule ids the store decides itself, before or instead of the consent engine. */
    static final String RECORD_NOT_FOUND = "record-not-found";
    static final String DOCUMENT_NOT_FOUND = "document-not-found";
    static final String CONSENT_UNAVAILABLE = "consent-unavailable";
    static final Decision OWN_RECORD_ONLY = Decision.deny("patient-own-record-only",
            "Vous ne pouvez consulter que votre propre dossier.", "You can only access your own record.");

    private Outcomes() {
    }

    static <T> Future<T> fail(Throwable e) {
        return Future.failedFuture(domain(e));
    }

    static RecordException domain(Throwable e) {
        if (e instanceof RecordException r) {
            return r;
        }
        if (e instanceof CryptoIntegrityException) {
            return new RecordException.Unavailable("stored data failed its integrity check", e);
        }
        return new RecordException.Unavailable("record store unavailable", e);
    }
}
