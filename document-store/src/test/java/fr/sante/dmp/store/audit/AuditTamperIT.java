package fr.sante.dmp.store.audit;

import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Through the store's own API: real calls leave a chain that verifies, and one altered row is found. */
@ExtendWith(EmbeddedPostgresExtension.class)
class AuditTamperIT {

    @Test
    void chainOfRealCallsVerifiesThenAnAlteredRowIsTheFirstBreak(TestDatabase db) throws Exception {
        try (StoreFixture f = StoreFixture.start(db)) {
            Ins ins = f.activePatient();
            // Registration, the patient's care code and the context it opens: entries 1 to 3.
            Actor.Professional doctor = f.inCare(physician(), ins);
            await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "t", "c")));
            for (int i = 0; i < 5; i++) {
                await(f.records().listDocuments(doctor, ins));
            }
            assertThat(await(f.store.audit().verify()))
                    .isEqualTo(new AuditVerification(true, 9, java.util.Optional.empty()));

            List<AuditEntry> history = await(f.store.audit().history(ins, Long.MAX_VALUE, 3));
            assertThat(history).extracting(AuditEntry::seq).containsExactly(9L, 8L, 7L);
            assertThat(history.get(0).action()).isEqualTo(AuditAction.LIST_DOCUMENTS);

            f.update("UPDATE audit_log SET actor_id = '10000000017' WHERE seq = 4");
            AuditVerification v = await(f.store.audit().verify());
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBreak()).contains(4L);
        }
    }
}
