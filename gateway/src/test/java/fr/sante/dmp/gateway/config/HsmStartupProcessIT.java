package fr.sante.dmp.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.Main;
import fr.sante.dmp.store.crypto.Pkcs11MasterKey;
import fr.sante.dmp.store.testing.SoftHsm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dmp run} against a token it cannot use (SoftHSM2), each in a JVM of its own: SunPKCS11 keeps a token logged
 * in for the life of a JVM, so a wrong PIN only shows in a process that never logged in. The platform stops with exit
 * 2 and a message naming what to fix, before any service starts (no database, no generated key), and neither PIN
 * appears in what it prints.
 */
class HsmStartupProcessIT {
    /** Distinctive, so that finding it in the output cannot be a coincidence. */
    private static final String WRONG_PIN = "70531486";
    private static Pkcs11MasterKey.Location token;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void aKeyInTheToken() throws Exception {
        token = SoftHsm.newToken("dmp-master");
        Pkcs11MasterKey.generate(token, SoftHsm.PIN.toCharArray());
    }

    @Test
    void aWrongPinStopsThePlatformBeforeAnythingStartsAndIsNeverPrinted() throws Exception {
        Started run = dmpRun(spec(token.slot(), token.label()), WRONG_PIN);

        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("configuration error: DMP_MASTER_KEY_PKCS11: the token (slot "
                        + token.slot() + ") refused the login: check DMP_MASTER_KEY_PKCS11_PIN (CKR_PIN_INCORRECT)")
                .doesNotContain(WRONG_PIN);
        nothingStarted();
    }

    @Test
    void aWrongLabelStopsThePlatformBeforeAnythingStarts() throws Exception {
        Started run = dmpRun(spec(token.slot(), "no-such-key"), SoftHsm.PIN);

        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("configuration error: DMP_MASTER_KEY_PKCS11: the token (slot "
                + token.slot() + ") holds no AES key labelled 'no-such-key'");
        nothingStarted();
    }

    @Test
    void aSlotTheModuleDoesNotHaveStopsThePlatform() throws Exception {
        Started run = dmpRun(spec(2_000_000_001L, token.label()), SoftHsm.PIN);

        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("configuration error: DMP_MASTER_KEY_PKCS11: the PKCS#11 module "
                + token.module() + " has no slot 2000000001: check slot=").contains("CKR_SLOT_ID_INVALID");
        nothingStarted();
    }

    @Test
    void aSlotWithoutAnInitialisedTokenStopsThePlatform() throws Exception {
        long free = SoftHsm.uninitialisedSlot().orElseThrow(() -> new AssertionError("SoftHSM lists no free slot"));

        Started run = dmpRun(spec(free, token.label()), SoftHsm.PIN);

        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("configuration error: DMP_MASTER_KEY_PKCS11: no initialised token in slot "
                + free + " of the PKCS#11 module");
        nothingStarted();
    }

    /** Fail closed before the services: no embedded database was created and no key generated. */
    private void nothingStarted() {
        assertThat(dataDir.resolve("pg")).doesNotExist();
        assertThat(dataDir.resolve("keys")).doesNotExist();
    }

    private String spec(long slot, String label) {
        return "module=" + token.module() + ";slot=" + slot + ";label=" + label;
    }

    private record Started(int exit, String output) {
    }

    /** {@code dmp run} in a new JVM with this JVM's class path, the given HSM settings and no other DMP_ variable. */
    private Started dmpRun(String pkcs11, String pin) throws IOException, InterruptedException {
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-run.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> name.startsWith("DMP_"));
        env.put(GatewayConfig.DATA_DIR, dataDir.toString());
        env.put(KeysConfig.MASTER_KEY_PKCS11, pkcs11);
        env.put(KeysConfig.MASTER_KEY_PKCS11_PIN, pin);
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("dmp run did not stop within 90 s: "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Started(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
