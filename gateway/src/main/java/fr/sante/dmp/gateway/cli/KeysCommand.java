package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.EmbeddedMasterKey;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.KeysConfig;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.crypto.MasterKeys;
import fr.sante.dmp.store.keys.RotationProgress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code dmp keys rotate}: re-wraps every patient data key under the new master key, online and resumable.
 * {@code dmp keys ids}: prints the public ids of the configured master keys. Keys are never printed.
 *
 * <p>The target is DMP_NEW_MASTER_KEY when set, else DMP_MASTER_KEY; every other configured key (DMP_MASTER_KEY,
 * DMP_PREVIOUS_MASTER_KEYS) only unwraps. The procedure (docs/RELIABILITY.md): give the gateways the new key as
 * DMP_MASTER_KEY and the old one in DMP_PREVIOUS_MASTER_KEYS (rolling restart), run this command until it reports
 * {@code remaining 0}, then remove the old key from the configuration.
 *
 * <p>With the embedded key file (no DMP_MASTER_KEY), the command does that itself ({@link EmbeddedMasterKey}): the
 * first run keeps the current key in {@code keys/master.previous} and writes the new one (DMP_NEW_MASTER_KEY, or a
 * fresh random key) to {@code keys/master.key}; a running platform must then be restarted once (it still wraps with
 * the previous key); the rotation re-wraps; when every data key is under the new key, {@code master.previous} goes.
 */
public final class KeysCommand {
    static final String USAGE = "dmp keys rotate [--batch N] [--max-batches N] [--pause-ms N] | dmp keys ids"
            + " | dmp keys hsm-generate";
    /** A rotation that finds keys written behind its cursor by an instance still on the old key walks again. */
    private static final int MAX_PASSES = 3;

    private KeysCommand() {
    }

    public static int run(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.isEmpty()) {
            throw new UsageException("usage: " + USAGE);
        }
        if ("hsm-generate".equals(argv.get(0))) {
            return hsmGenerate(config);
        }
        DataKeys keys = DataKeys.resolve(config);
        if (config.keys().masterKeyPkcs11().isPresent()) {
            return toHsm(config, keys, argv);
        }
        byte[] target = config.keys().newMasterKey().orElse(keys.masterKey());
        List<byte[]> others = new ArrayList<>();
        others.add(keys.masterKey());
        others.addAll(config.keys().previousMasterKeys());
        MasterKeys ring = MasterKeys.of(target, others);
        return switch (argv.get(0)) {
            case "ids" -> ids(ring, config, System.out);
            case "rotate" -> config.embeddedDatabase() && config.masterKey().isEmpty()
                    ? rotateEmbedded(config, keys, argv.subList(1, argv.size()))
                    : rotate(config, keys, target, others, argv.subList(1, argv.size()), () -> { }, null);
            default -> throw new UsageException("usage: " + USAGE);
        };
    }

    /**
     * {@code DMP_MASTER_KEY_PKCS11} set: the HSM key is the target; DMP_MASTER_KEY (or the embedded key file) and
     * DMP_PREVIOUS_MASTER_KEYS only unwrap. The same walk re-wraps every data key inside the HSM.
     */
    private static int toHsm(GatewayConfig config, DataKeys keys, List<String> argv) throws Exception {
        fr.sante.dmp.store.crypto.Pkcs11MasterKey hsm = config.keys().openHsmMasterKey().orElseThrow();
        List<byte[]> others = new ArrayList<>();
        if (keys.masterKey() != null) {
            others.add(keys.masterKey());
        }
        others.addAll(DataKeys.previousMasterKeys(config));
        return switch (argv.get(0)) {
            case "ids" -> {
                System.out.println("target (wraps, in the HSM, label " + hsm.label() + "): " + MasterKeys.hex(hsm.id()));
                for (byte[] k : others) {
                    System.out.println("unwraps only: " + MasterKeys.hex(MasterKeys.id(k)));
                }
                yield 0;
            }
            case "rotate" -> rotate(config, keys, null, others, argv.subList(1, argv.size()), () -> { }, hsm);
            default -> throw new UsageException("usage: " + USAGE);
        };
    }

    /** Generates the HSM master key named by DMP_MASTER_KEY_PKCS11 inside the module (sensitive, not extractable). */
    private static int hsmGenerate(GatewayConfig config) {
        if (config.keys().masterKeyPkcs11().isEmpty()) {
            throw new UsageException("keys hsm-generate: set " + fr.sante.dmp.gateway.config.KeysConfig.MASTER_KEY_PKCS11
                    + " (module=...;slot=...;label=...) and " + fr.sante.dmp.gateway.config.KeysConfig.MASTER_KEY_PKCS11_PIN);
        }
        try {
            fr.sante.dmp.store.crypto.Pkcs11MasterKey k = fr.sante.dmp.store.crypto.Pkcs11MasterKey.generate(
                    config.keys().masterKeyPkcs11().get(), config.keys().pkcs11Pin().orElseThrow().toCharArray());
            System.out.println("keys hsm-generate: AES-256 key '" + k.label() + "' generated in the HSM, id "
                    + MasterKeys.hex(k.id()) + "; now run ./dmp keys rotate to move every data key under it");
            return 0;
        } catch (IllegalStateException e) {
            throw new fr.sante.dmp.gateway.config.ConfigException(e.getMessage());
        }
    }

    private static int ids(MasterKeys ring, GatewayConfig config, PrintStream out) {
        out.println("target (wraps): " + MasterKeys.hex(ring.currentId()));
        out.println(GatewayConfig.MASTER_KEY + ": " + MasterKeys.hex(MasterKeys.id(DataKeys.resolve(config).masterKey())));
        for (byte[] k : config.keys().previousMasterKeys()) {
            out.println(KeysConfig.PREVIOUS_MASTER_KEYS + ": " + MasterKeys.hex(MasterKeys.id(k)));
        }
        return 0;
    }

    /** The embedded key file's rotation: switch the files (once), make sure the platform uses them, then re-wrap. */
    private static int rotateEmbedded(GatewayConfig config, DataKeys keys, List<String> rest) throws Exception {
        EmbeddedMasterKey files = new EmbeddedMasterKey(config.dataDir());
        byte[] target;
        if (!files.rotating()) {
            target = files.begin(keys.masterKey(), config.keys().newMasterKey());
            System.out.println("keys rotate: new master key " + MasterKeys.hex(MasterKeys.id(target)) + " written to "
                    + "keys/master.key; the previous one is kept in keys/master.previous until the rotation finishes");
        } else {
            target = keys.masterKey(); // master.key already holds the key a started rotation goes to
            if (config.keys().newMasterKey().isPresent()
                    && !java.util.Arrays.equals(config.keys().newMasterKey().get(), target)) {
                throw new UsageException("keys rotate: a rotation to " + MasterKeys.hex(MasterKeys.id(target))
                        + " is under way; run ./dmp keys rotate without DMP_NEW_MASTER_KEY to finish it first");
            }
        }
        String targetId = MasterKeys.hex(MasterKeys.id(target));
        // A platform still wrapping with the previous key would write new data keys behind the cursor and could not
        // read the re-wrapped ones: it must run with the new files first.
        if (EmbeddedServices.runningPostgresUri(config.dataDir()).isPresent()
                && !files.inUse().map(targetId::equals).orElse(false)) {
            System.err.println("keys rotate: restart ./dmp run now (it then wraps under " + targetId + " and still "
                    + "unwraps with the previous key), then run ./dmp keys rotate again to re-wrap");
            return 3;
        }
        return rotate(config, keys, target, DataKeys.previousMasterKeys(config), rest, files::finish, null);
    }

    /** {@code hsm} non-null: the target is the key in the HSM ({@code target} is then unused). */
    private static int rotate(GatewayConfig config, DataKeys keys, byte[] target, List<byte[]> others,
                              List<String> rest, Runnable whenEveryKeyIsUnderTarget,
                              fr.sante.dmp.store.crypto.Pkcs11MasterKey hsm) throws Exception {
        Args args = Args.parse(rest, Set.of("batch", "max-batches", "pause-ms"), Set.of());
        int batch;
        long maxBatches;
        long pause;
        try {
            batch = Integer.parseInt(args.option("batch").orElse("1000"));
            maxBatches = Long.parseLong(args.option("max-batches").orElse(String.valueOf(Long.MAX_VALUE)));
            pause = Long.parseLong(args.option("pause-ms").orElse("0"));
        } catch (NumberFormatException e) {
            throw new UsageException("usage: " + USAGE + " (numbers expected)");
        }
        try (CommandRuntime runtime = CommandRuntime.open(config)) {
            StoreOptions base = keys.storeOptions(config, runtime.pgUri(), 2, config.clock());
            StoreOptions options = hsm != null ? base.withHsmMasterKey(hsm, others) : base.withMasterKeys(target, others);
            PrintStream out = System.out;
            out.println("keys rotate: re-wrapping under master key " + MasterKeys.hex(options.masterKeys().currentId())
                    + " (batches of " + batch + ")");
            RotationProgress p = CommandRuntime.await(DocumentStore.start(runtime.vertx(), options,
                            ConsentEngine.withDefaultPolicy())
                    .compose(store -> passes(store, batch, maxBatches, pause, out, 1).eventually(store::close)),
                    java.time.Duration.ofHours(24));
            if (!p.finished()) {
                out.println("keys rotate: stopped after --max-batches; run again to resume");
                return 0;
            }
            if (p.remaining() > 0) {
                System.err.println("keys rotate: " + p.remaining() + " keys still under another master key: is an "
                        + "instance still running with the old key as DMP_MASTER_KEY? Do not remove the old key yet.");
                return 1;
            }
            whenEveryKeyIsUnderTarget.run();
            out.println("keys rotate: done; every data key is under " + MasterKeys.hex(p.targetKeyId())
                    + (config.embeddedDatabase() && config.masterKey().isEmpty() ? "; keys/master.previous is deleted"
                    : "; the other master keys can be removed from the configuration"));
            return 0;
        }
    }

    private static io.vertx.core.Future<RotationProgress> passes(DocumentStore store, int batch, long maxBatches,
                                                                  long pause, PrintStream out, int pass) {
        return store.keyRotation().run(batch, maxBatches, pause, p -> out.println(line(p))).compose(p ->
                p.finished() && p.remaining() > 0 && p.rewrapped() + p.changed() > 0 && pass < MAX_PASSES
                        ? passes(store, batch, maxBatches, pause, out, pass + 1)
                        : io.vertx.core.Future.succeededFuture(p));
    }

    static String line(RotationProgress p) {
        return String.format(java.util.Locale.ROOT,
                "keys rotate: %5.1f %% of %d (re-wrapped %d, already under target %d, changed meanwhile %d)%s",
                p.percent(), p.total(), p.rewrapped(), p.already(), p.changed(),
                p.finished() ? ", walk finished, remaining " + p.remaining() : "");
    }
}
