package fr.sante.dmp.store;

import fr.sante.dmp.store.crypto.CryptoIntegrityException;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * How a store service's call fails, written once for every service: a domain error ({@link RecordException}) leaves as
 * it is; a stored value that failed its integrity check, and anything else (a lost connection, a bug), leave as
 * {@link RecordException.Unavailable}, so that the caller fails closed and never sees the cause.
 */
public final class ServiceFailures {
    private static final String RECORD_STORE = "record store unavailable";

    private ServiceFailures() {
    }

    /** {@code unavailable}: what the caller is told is unavailable ("directory unavailable"). */
    public static RecordException domain(Throwable e, String unavailable) {
        if (e instanceof RecordException r) {
            return r;
        }
        if (e instanceof CryptoIntegrityException) {
            return new RecordException.Unavailable("stored data failed its integrity check", e);
        }
        return new RecordException.Unavailable(unavailable, e);
    }

    public static RecordException domain(Throwable e) {
        return domain(e, RECORD_STORE);
    }

    public static <T> Future<T> fail(Throwable e, String unavailable) {
        return Future.failedFuture(domain(e, unavailable));
    }

    public static <T> Future<T> fail(Throwable e) {
        return fail(e, RECORD_STORE);
    }

    /** Runs a service call: whatever it throws or fails with leaves as {@link #domain}. */
    public static <T> Future<T> guarded(String unavailable, Supplier<Future<T>> call) {
        try {
            return call.get().recover(e -> fail(e, unavailable));
        } catch (RuntimeException e) {
            return fail(e, unavailable);
        }
    }

    public static <T> Future<T> guarded(Supplier<Future<T>> call) {
        return guarded(RECORD_STORE, call);
    }
}
