package fr.sante.dmp.store.patient;

import fr.sante.dmp.store.patient.passkey.PasskeyService;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Passkeys in the store: kept with a random user handle, counter must grow, removed only by their owner, audited. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PasskeysIT {
    private static StoreFixture f;
    private static PasskeyService passkeys;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db);
        passkeys = f.store.passkeys();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void registeredPasskeySignsInItsOwnerAndTheCounterMustGrow() throws Exception {
        Ins ins = f.activePatient();
        String handle = await(passkeys.userHandle(ins));
        assertThat(handle).hasSize(43).doesNotContain(ins.value());
        String id = randomId();
        long audit = f.auditCount();

        await(passkeys.register(ins, passkey(id, handle, 5)));

        assertThat(await(passkeys.userHandle(ins))).isEqualTo(handle);
        assertThat(await(passkeys.list(ins))).extracting(PasskeyService.Passkey::credentialId).containsExactly(id);
        assertThat(await(passkeys.find(id)).orElseThrow().signCount()).isEqualTo(5);
        PasskeyService.PasskeyOwner owner = await(passkeys.signIn(id, 6));
        assertThat(owner.ins()).isEqualTo(ins);
        assertThat(owner.birthDate()).isEqualTo(StoreFixture.person("x", RecordState.ACTIVE).birthDate());
        assertThat(failure(passkeys.signIn(id, 6))).isInstanceOf(RecordException.Conflict.class);
        assertThat(await(passkeys.find(id)).orElseThrow().signCount()).isEqualTo(6);
        assertThat(f.auditCount() - audit).as("register, login, refused login").isEqualTo(3);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'PASSKEY_LOGIN' AND NOT allowed "
                + "AND rule_id = 'passkey-refused' AND ins_hash = ?", f.insHash(ins))).isEqualTo(1);
    }

    @Test
    void someoneElsesPasskeyCannotBeRemovedAndTheSameCredentialCannotBeRegisteredTwice() throws Exception {
        Ins owner = f.activePatient();
        Ins other = f.activePatient();
        String id = randomId();
        await(passkeys.register(owner, passkey(id, await(passkeys.userHandle(owner)), 0)));

        assertThat(failure(passkeys.remove(other, id))).isInstanceOf(RecordException.NotFound.class);
        assertThat(failure(passkeys.register(other, passkey(id, await(passkeys.userHandle(other)), 0))))
                .isInstanceOf(RecordException.Conflict.class);
        assertThat(await(passkeys.list(owner))).hasSize(1);

        await(passkeys.remove(owner, id));
        assertThat(await(passkeys.list(owner))).isEmpty();
        assertThat(await(passkeys.find(id))).isEmpty();
        assertThat(failure(passkeys.signIn(id, 1))).isInstanceOf(RecordException.NotFound.class);
    }

    @Test
    void oppositionErasesThePasskeys() throws Exception {
        PatientSupport s = new PatientSupport(f);
        Ins ins = s.invitedPatient();
        String id = randomId();
        await(passkeys.register(ins, passkey(id, await(passkeys.userHandle(ins)), 0)));

        await(f.store.patients().lifecycle().oppose(ins));

        assertThat(await(passkeys.find(id))).isEmpty();
        assertThat(f.count("SELECT count(*) FROM passkey WHERE credential_id = ?", id)).isZero();
    }

    private static PasskeyService.NewPasskey passkey(String id, String handle, long count) {
        return new PasskeyService.NewPasskey(id, handle, new byte[] {(byte) 0xa5, 1, 2, 3}, count,
                Optional.of("00000000-0000-0000-0000-000000000000"), List.of("internal"));
    }

    private static String randomId() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
