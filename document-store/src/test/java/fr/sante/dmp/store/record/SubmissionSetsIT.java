package fr.sante.dmp.store.record;

import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.lifecycle.RecordErasure;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The submission set of a bundle deposit (the FHIR face's SubmissionSet List): kept with its documents in the same
 * transaction, read back through the door, and erased with the record's documents.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class SubmissionSetsIT {
    private static StoreFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void aDepositsSetIsKeptReadBackAndErasedWithTheRecordsDocuments() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional author = f.inCare(StoreFixture.physician(), ins);
        Provided provided = await(f.records().depositAll(author, ins, "urn:oid:2.999.3", List.of(
                document(DocumentClass.CONSULTATION_NOTE, "one", "1"),
                document(DocumentClass.CONSULTATION_NOTE, "two", "2"))));

        SubmissionSet set = await(f.records().readSubmissionSet(author, provided.submissionSet(),
                RecordService.Admission.ANYONE));
        assertThat(set.documents()).containsExactlyElementsOf(provided.documents());
        assertThat(set.sourceId()).isEqualTo("urn:oid:2.999.3");
        assertThat(set.authorRpps()).isEqualTo(author.rpps().value());

        // Purged as the scheduler purges (after a deletion request): the set goes with the documents.
        UUID record = f.recordId(ins);
        Pool pool = PgBuilder.pool().connectingTo(f.options.pgUri()).using(f.vertx).build();
        try {
            await(pool.withTransaction(tx -> RecordErasure.purge(tx, record, Instant.now())));
        } finally {
            await(pool.close());
        }

        assertThat(f.count("SELECT count(*) FROM submission_set WHERE id = ?", provided.submissionSet())).isZero();
        assertThat(failure(f.records().readSubmissionSet(author, provided.submissionSet(),
                RecordService.Admission.ANYONE))).isInstanceOf(RecordException.NotFound.class);
    }

    @Test
    void anUnknownSetIsNotFound() throws Exception {
        assertThat(failure(f.records().readSubmissionSet(StoreFixture.physician(), UUID.randomUUID(),
                RecordService.Admission.ANYONE))).isInstanceOf(RecordException.NotFound.class);
    }
}
