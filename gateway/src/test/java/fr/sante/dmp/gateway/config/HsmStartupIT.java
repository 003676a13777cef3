package fr.sante.dmp.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.crypto.Pkcs11MasterKey;
import fr.sante.dmp.store.testing.SoftHsm;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DMP_MASTER_KEY_PKCS11 at start-up (SoftHSM2): a key found by its label becomes the wrapping master key and the
 * in-memory one only unwraps; a wrong label, a module that does not load or a missing PIN stop the start with a
 * message that says what to fix (and never the PIN).
 */
class HsmStartupIT {
    @TempDir
    Path dataDir;

    @Test
    void theHsmKeyWrapsAndTheInMemoryKeyOnlyUnwraps() throws Exception {
        Pkcs11MasterKey.Location where = SoftHsm.newToken("dmp-master");
        Pkcs11MasterKey generated = Pkcs11MasterKey.generate(where, SoftHsm.PIN.toCharArray());

        StoreOptions options = options(spec(where.module(), where.slot(), where.label()), SoftHsm.PIN);

        assertThat(options.masterKeys().currentId()).isEqualTo(generated.id());
        assertThat(options.masterKeys().currentInHsm()).isTrue();
        assertThat(options.masterKeys().toString()).contains("(HSM)", "held=2");
    }

    @Test
    void aWrongLabelAModuleThatDoesNotLoadOrNoPinIsAClearErrorAtStartUp() throws Exception {
        Pkcs11MasterKey.Location where = SoftHsm.newToken("dmp-master");
        Pkcs11MasterKey.generate(where, SoftHsm.PIN.toCharArray());

        assertThatThrownBy(() -> options(spec(where.module(), where.slot(), "wrong-label"), SoftHsm.PIN))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DMP_MASTER_KEY_PKCS11")
                .hasMessageContaining("no AES key labelled 'wrong-label'");
        assertThatThrownBy(() -> options(spec("/opt/nowhere/libvendor-pkcs11.so", where.slot(), where.label()),
                SoftHsm.PIN)).isInstanceOf(ConfigException.class).hasMessageContaining("does not load");
        // (A wrong PIN and a slot without a token: HsmStartupProcessIT, in JVMs of their own.)
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(GatewayConfig.DATA_DIR, dataDir.toString(),
                KeysConfig.MASTER_KEY_PKCS11, spec(where.module(), where.slot(), where.label()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DMP_MASTER_KEY_PKCS11_PIN: required");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(GatewayConfig.DATA_DIR, dataDir.toString(),
                KeysConfig.MASTER_KEY_PKCS11, "slot=1;label=x", KeysConfig.MASTER_KEY_PKCS11_PIN, "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("module and label are required");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(GatewayConfig.DATA_DIR, dataDir.toString(),
                KeysConfig.MASTER_KEY_PKCS11, spec(where.module(), 4_000_000_001L, where.label()),
                KeysConfig.MASTER_KEY_PKCS11_PIN, "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("slot must be a number from 0 to 2147483647");
    }

    private StoreOptions options(String spec, String pin) {
        GatewayConfig config = GatewayConfig.load(Map.of(GatewayConfig.DATA_DIR, dataDir.toString(),
                KeysConfig.MASTER_KEY_PKCS11, spec, KeysConfig.MASTER_KEY_PKCS11_PIN, pin));
        return DataKeys.resolve(config).storeOptions(config, "postgresql://localhost/none", 1, config.clock());
    }

    private static String spec(String module, long slot, String label) {
        return "module=" + module + ";slot=" + slot + ";label=" + label;
    }
}
