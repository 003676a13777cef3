package fr.sante.dmp.store.record;

import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.audit.AuditVerification;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deposits under contention (300 at once over 16 connections, no checkpoints) are group-committed in batches
 * (DepositBatch): every deposit gets its own document, content and entry, and the entries form one unbroken chain.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class DepositChainIT {
    private static StoreFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db, o -> new StoreOptions(o.pgUri(), 16, o.masterKey(), o.insHashKey(), o.clock(),
                o.previousMasterKeys(), o.audit()));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void groupCommittedDepositsUnderContentionFormOneUnbrokenChain() throws Exception {
        List<Ins> patients = new ArrayList<>();
        List<Actor.Professional> doctors = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Ins ins = f.activePatient();
            patients.add(ins);
            doctors.add(f.inCare(physician(), ins));
        }
        long audit = f.auditCount();
        List<Future<UUID>> deposits = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            deposits.add(f.records().deposit(doctors.get(i % patients.size()), patients.get(i % patients.size()),
                    document(DocumentClass.CONSULTATION_NOTE, "t" + i, "content " + i)));
        }
        await(Future.all(deposits));
        assertThat(f.auditCount()).isEqualTo(audit + 300);
        assertThat(f.count("SELECT count(DISTINCT document_id) FROM audit_log WHERE action = 'DEPOSIT'"))
                .isEqualTo(300);
        assertThat(f.count("SELECT count(*) FROM document_content")).isEqualTo(300);
        AuditVerification verdict = await(f.store.audit().verify());
        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.entries()).isEqualTo(f.auditCount());
    }
}
