package fr.sante.dmp.notify.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.notify.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The receipt sweep reads the provider ids it needs, never the whole table: outbox_provider_ref keeps every id a
 * provider ever gave (one per SMS part sent; tens of millions in a national campaign), and a plain join hashed the few
 * pending receipts and read all of it at every sweep (seen in a benchmark: the whole table scanned about twice a
 * second).
 */
class ReceiptSweepPlanIT {

    @Test
    void pendingReceiptsLookTheirProviderIdsUpByIndex() throws Exception {
        TestDatabase.truncate();
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            // As the benchmark left it: some thousands of ids, and the receipts' table analysed while empty (it
            // empties at every sweep), so the planner guesses its size.
            s.execute("INSERT INTO outbox_provider_ref (provider_id, message_id) SELECT 'smsc-' || g, gen_random_uuid() "
                    + "FROM generate_series(1, 20000) g");
            s.execute("ANALYZE outbox_provider_ref");
            s.execute("ANALYZE outbox_receipt");
            s.execute("INSERT INTO outbox_receipt (provider_id, delivered) SELECT 'smsc-' || g, true "
                    + "FROM generate_series(1, 20) g");
            StringBuilder plan = new StringBuilder();
            try (ResultSet r = s.executeQuery("EXPLAIN " + OutboxStore.APPLY_RECEIPTS)) {
                while (r.next()) {
                    plan.append(r.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("outbox_provider_ref_pkey")
                    .doesNotContain("Seq Scan on outbox_provider_ref");
        } finally {
            TestDatabase.truncate();
        }
    }
}
