package fr.sante.dmp.store.patient.contact;

import fr.sante.dmp.store.ServiceFailures;
import static fr.sante.dmp.store.ServiceFailures.guarded;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Representation;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.patient.Contact;
import fr.sante.dmp.store.patient.PatientTransaction;
import io.vertx.core.Future;
import java.util.Objects;

/** Contact changes on PostgreSQL: the identity opened and sealed again under the locked record row. */
public final class PgContactService implements ContactService {
    private final StoreKernel kernel;
    private final PatientTransaction changes;
    private final ContactChange contactChange;

    public PgContactService(StoreKernel kernel) {
        this(kernel, new PatientTransaction(kernel.pool(), kernel.insHasher(), kernel.door(), kernel.clock()));
    }

    private PgContactService(StoreKernel kernel, PatientTransaction changes) {
        this.kernel = kernel;
        this.changes = changes;
        this.contactChange = new ContactChange(changes, kernel.envelope());
    }

    @Override
    public ContactService as(Representation representative) {
        return new PgContactService(kernel, changes.as(Objects.requireNonNull(representative, "representative")));
    }

    @Override
    public Future<Contact> changeContact(Ins ins, ContactChannel channel, String address) {
        return guarded(() -> contactChange.change(ins, channel, address));
    }
}
