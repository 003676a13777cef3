package fr.sante.dmp.store.access;

import fr.sante.dmp.consent.ConsentSettings;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A record's consent inputs at one instant, as {@link ConsentSql#COLUMNS} loaded them: state, wrapped data key (null
 * once erased), the patient's settings (with the asking professionals' live care contexts and running express
 * consents) and the professionals among them holding a running emergency grant.
 */
public record ConsentSnapshot(UUID recordId, RecordState state, byte[] wrappedKey, ConsentSettings settings,
                              Set<Rpps> liveGrants) {

    /** The one mapper of {@link ConsentSql#COLUMNS}, by column name. */
    public static ConsentSnapshot from(Row r) {
        Buffer wrapped = r.getBuffer("wrapped_key");
        ConsentSettings settings = new ConsentSettings(
                rpps(r.getArrayOfStrings("blocked")),
                Optional.ofNullable(r.getString("treating_doctor")).map(Rpps::new),
                Boolean.TRUE.equals(r.getBoolean("emergency_opposed")),
                rpps(r.getArrayOfStrings("express_consents")),
                rpps(r.getArrayOfStrings("care_contexts")));
        return new ConsentSnapshot(r.getUUID("record_id"), RecordState.valueOf(r.getString("record_state")),
                wrapped == null ? null : wrapped.getBytes(), settings, rpps(r.getArrayOfStrings("live_grants")));
    }

    /** Whether this professional holds a running emergency (break-glass) grant on the record. */
    public boolean liveGrant(Rpps rpps) {
        return liveGrants.contains(rpps);
    }

    private static Set<Rpps> rpps(String[] values) {
        if (values == null || values.length == 0) {
            return Set.of();
        }
        Set<Rpps> set = new HashSet<>(values.length * 2);
        for (String v : values) {
            set.add(new Rpps(v));
        }
        return set;
    }
}
