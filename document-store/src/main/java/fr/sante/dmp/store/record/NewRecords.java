package fr.sante.dmp.store.record;

/**
 * The registration's row format for other writers of new records (the campaign import): the same INSERT statements
 * and the same sealed identity JSON as {@link RecordService#register}, so a record created by a campaign reads exactly
 * like one registered by an operator.
 */
public final class NewRecords {
    /** $1 id, $2 ins_hash, $3 state, $4 invited_at, $5 opposition_deadline, $6 wrapped_key, $7 identity, $8 now;
     *  returns the id, or no row when a record with this INS hash already exists. */
    public static final String INSERT_RECORD = RecordSql.INSERT_RECORD;
    /** $1 record id, $2 now. */
    public static final String INSERT_SETTINGS = RecordSql.INSERT_SETTINGS;

    private NewRecords() {
    }

    /** The identity blob (before sealing) for {@code person}, as registration writes it. */
    public static byte[] identityJson(fr.sante.dmp.consent.Ins ins, PersonRegistration person) {
        return RecordWriter.identityJson(ins, person);
    }

    /**
     * The identity's key for the postal address a campaign's cohort gives, in the outbox's letter form: the addressee
     * and the address lines joined by line feeds ({@code PostalAddress.recipient()}).
     */
    public static final String POSTAL_ADDRESS = "postalAddress";

    /** The same, with the postal address a campaign cohort gave. */
    public static byte[] identityJson(fr.sante.dmp.consent.Ins ins, PersonRegistration person,
                                      java.util.Optional<String> postalAddress) {
        if (postalAddress.isEmpty()) {
            return RecordWriter.identityJson(ins, person);
        }
        io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(
                io.vertx.core.buffer.Buffer.buffer(RecordWriter.identityJson(ins, person)));
        return json.put(POSTAL_ADDRESS, postalAddress.get()).toBuffer().getBytes();
    }
}
