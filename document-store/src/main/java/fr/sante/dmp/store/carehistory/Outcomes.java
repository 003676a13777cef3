package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.crypto.CryptoIntegrityException;
import io.vertx.core.Future;

/** How failures leave the care-history service: domain errors as they are, anything else as Unavailable. */
final class Outcomes {
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
        return new RecordException.Unavailable("care history unavailable", e);
    }
}
