package fr.sante.dmp.store.testing;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.store.crypto.Pkcs11MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A SoftHSM2 token for tests (Debian package softhsm2): its configuration file at {@code $SOFTHSM2_CONF} (set by the
 * build for the test JVM) points at a token directory under {@code target/}. One token per JVM, initialised before
 * the module is first loaded (SoftHSM sees only the tokens that exist when the JVM initialises it); each call to
 * {@link #newToken} returns a location in it with a label of its own. Without softhsm2 installed the calling test is skipped with the reason,
 * unless {@code DMP_REQUIRE_SOFTHSM} is set (CI, which installs it): then it fails.
 */
public final class SoftHsm {
    public static final String PIN = "4321";
    private static final List<Path> MODULES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"));
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");
    private static Long slot;

    private SoftHsm() {
    }

    /** The module, or the test is skipped (failed under DMP_REQUIRE_SOFTHSM) when softhsm2 is not installed. */
    public static Path module() {
        Optional<Path> found = MODULES.stream().filter(Files::isReadable).findFirst();
        String reason = "softhsm2 is not installed (apt-get install softhsm2): the HSM tests are skipped";
        if (found.isEmpty() && System.getenv("DMP_REQUIRE_SOFTHSM") != null) {
            throw new AssertionError(reason.replace("are skipped", "are required (DMP_REQUIRE_SOFTHSM)"));
        }
        Assumptions.assumeTrue(found.isPresent(), reason);
        return found.get();
    }

    /** The JVM's token (PIN {@value #PIN}) and the location of a key labelled {@code label} plus a unique suffix. */
    public static synchronized Pkcs11MasterKey.Location newToken(String label) throws IOException, InterruptedException {
        Path module = module();
        if (slot == null) {
            slot = initToken();
        }
        return new Pkcs11MasterKey.Location(module.toString(), slot, label + "-" + UUID.randomUUID());
    }

    /**
     * A slot of the JVM's SoftHSM whose token is not initialised (SoftHSM always offers one after its tokens), or
     * empty if the listing shows none.
     */
    public static Optional<Long> uninitialisedSlot() throws IOException, InterruptedException {
        module();
        ProcessBuilder show = new ProcessBuilder("softhsm2-util", "--show-slots").redirectErrorStream(true);
        show.environment().put("SOFTHSM2_CONF", System.getenv("SOFTHSM2_CONF"));
        Process p = show.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Matcher slots = Pattern.compile("(?m)^Slot (\\d+)$((?:(?!^Slot ).)*)", Pattern.DOTALL).matcher(out);
        while (slots.find()) {
            if (Pattern.compile("Initialized:\\s+no").matcher(slots.group(2)).find()) {
                return Optional.of(Long.parseLong(slots.group(1)));
            }
        }
        return Optional.empty();
    }

    private static long initToken() throws IOException, InterruptedException {
        String conf = System.getenv("SOFTHSM2_CONF");
        assertThat(conf).as("SOFTHSM2_CONF is set for the test JVM by the build (pom.xml, failsafe)").isNotNull();
        Path tokens = Path.of(conf).toAbsolutePath().getParent().resolve("softhsm-tokens");
        Files.createDirectories(tokens);
        if (!Files.exists(Path.of(conf))) {
            Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n");
        }
        ProcessBuilder init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label",
                "dmp-" + UUID.randomUUID().toString().substring(0, 8), "--pin", PIN, "--so-pin", "8765")
                .redirectErrorStream(true);
        init.environment().put("SOFTHSM2_CONF", conf);
        Process p = init.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Matcher m = SLOT.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
