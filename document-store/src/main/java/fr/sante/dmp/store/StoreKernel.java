package fr.sante.dmp.store;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;

/**
 * What every service of the store shares, built once by {@link DocumentStore#start}: the transactional pool, the
 * pipelined client for hot reads, the envelope with its one key cache, the INS hasher, the access door (with the one
 * audit log and the one group-commit appender, so that the chain's head has one in-process writer to follow), and the
 * clock. No service builds a second copy of any of them.
 */
public record StoreKernel(Vertx vertx, Pool pool, SqlClient client, Envelope envelope, InsHasher insHasher,
                          AccessDoor door, ConsentEngine consent, StoreOptions options, Clock clock) {
}
