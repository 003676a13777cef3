package fr.sante.dmp.pwa.passkey;

import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.store.patient.passkey.PasskeyService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.webauthn4j.Authenticator;
import io.vertx.ext.auth.webauthn4j.CredentialStorage;
import io.vertx.ext.auth.webauthn4j.RelyingParty;
import io.vertx.ext.auth.webauthn4j.ResidentKey;
import io.vertx.ext.auth.webauthn4j.UserVerification;
import io.vertx.ext.auth.webauthn4j.WebAuthn4J;
import io.vertx.ext.auth.webauthn4j.WebAuthn4JCredentials;
import io.vertx.ext.auth.webauthn4j.WebAuthn4JOptions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The two WebAuthn ceremonies, verified by vertx-auth-webauthn4j (challenge, origin, relying party id hash, user
 * presence and verification, signature, counter). Discoverable credentials ("resident keys") with user verification
 * required: the login asks for no identifier, and the passkey alone is two factors (the device and its PIN or
 * biometric). The library's credential storage is bound per ceremony to what this one request may touch, so a
 * registration stores exactly the signed-in patient's new credential and a login updates exactly the presented one.
 */
final class Ceremonies {

    static final long TIMEOUT_MS = 120_000;
    private static final String ZERO_AAGUID = "00000000-0000-0000-0000-000000000000";

    private final Vertx vertx;
    private final PwaConfig config;
    private final WebAuthn4JOptions options;
    private final WebAuthn4J optionsOnly;

    Ceremonies(Vertx vertx, PwaConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.options = new WebAuthn4JOptions()
                .setRelyingParty(new RelyingParty().setId(config.passkeyRpId()).setName("Mon espace santé"))
                .setResidentKey(ResidentKey.REQUIRED)
                .setUserVerification(UserVerification.REQUIRED)
                .setTimeoutInMilliseconds(TIMEOUT_MS)
                .setExtensions(new JsonObject());
        // Options need no stored credential (exclusions are added by the caller); this storage is never asked.
        this.optionsOnly = WebAuthn4J.create(vertx, options).credentialStorage(new Refusing());
    }

    /** {@code navigator.credentials.create()} options with our user handle and the credentials to exclude. */
    Future<JsonObject> registrationOptions(String userHandle, List<String> existing, String name) {
        return optionsOnly.createCredentialsOptions(new JsonObject().put("name", name).put("displayName", name))
                .map(json -> {
                    // The library draws a random user.id per call; a passkey must carry the record's handle.
                    json.getJsonObject("user").put("id", userHandle);
                    JsonArray exclude = new JsonArray();
                    existing.forEach(id -> exclude.add(new JsonObject().put("type", "public-key").put("id", id)));
                    if (!exclude.isEmpty()) {
                        json.put("excludeCredentials", exclude);
                    }
                    return json;
                });
    }

    /** {@code navigator.credentials.get()} options: no allow list (discoverable credentials). */
    Future<JsonObject> loginOptions() {
        return optionsOnly.getCredentialsOptions(null);
    }

    /** Verifies an attestation; the verified credential is given to {@code store} (which audits and keeps it). */
    Future<Void> register(JsonObject credential, String challenge, String origin, String userHandle,
                          java.util.function.Function<PasskeyService.NewPasskey, Future<Void>> store) {
        List<String> transports = transports(credential);
        CredentialStorage storage = new Refusing() {
            @Override
            public Future<Void> storeCredential(Authenticator a) {
                return store.apply(new PasskeyService.NewPasskey(a.getCredID(), userHandle,
                        Base64.getUrlDecoder().decode(a.getPublicKey()), a.getCounter(),
                        Optional.ofNullable(a.getAaguid()), transports));
            }
        };
        return WebAuthn4J.create(vertx, options).credentialStorage(storage)
                .authenticate(credentials(credential, challenge, origin).setUsername(userHandle)).mapEmpty();
    }

    /**
     * Verifies an assertion against the stored credential; on success {@code signIn} records the new counter (and
     * refuses one that did not grow) and its result is returned.
     */
    <T> Future<T> login(JsonObject credential, String challenge, String origin, PasskeyService.StoredPasskey stored,
                        java.util.function.Function<Long, Future<T>> signIn) {
        AtomicReference<T> result = new AtomicReference<>();
        CredentialStorage storage = new Refusing() {
            @Override
            public Future<List<Authenticator>> find(String userName, String credentialId) {
                if (!stored.credentialId().equals(credentialId)
                        || userName != null && !userName.equals(stored.userHandle())) {
                    return Future.succeededFuture(List.of());
                }
                List<Authenticator> one = new ArrayList<>(1);
                one.add(new Authenticator().setUsername(stored.userHandle()).setCredID(stored.credentialId())
                        .setPublicKey(Base64.getUrlEncoder().withoutPadding().encodeToString(stored.publicKeyCose()))
                        .setCounter(stored.signCount()).setAaguid(stored.aaguid().orElse(ZERO_AAGUID)));
                return Future.succeededFuture(one);
            }

            @Override
            public Future<Void> updateCounter(Authenticator a) {
                return signIn.apply(a.getCounter()).map(r -> {
                    result.set(r);
                    return null;
                });
            }
        };
        return WebAuthn4J.create(vertx, options).credentialStorage(storage)
                .authenticate(credentials(credential, challenge, origin).setUsername(stored.userHandle()))
                .map(user -> result.get());
    }

    private WebAuthn4JCredentials credentials(JsonObject credential, String challenge, String origin) {
        return new WebAuthn4JCredentials().setChallenge(challenge).setWebauthn(credential).setOrigin(origin)
                .setDomain(config.passkeyRpId());
    }

    private static List<String> transports(JsonObject credential) {
        JsonArray t = credential.getJsonObject("response", new JsonObject()).getJsonArray("transports");
        List<String> out = new ArrayList<>();
        if (t != null) {
            for (Object o : t) {
                if (o instanceof String s && s.matches("[a-z-]{1,20}") && out.size() < 8) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** A storage that knows nothing and stores nothing unless a ceremony overrides it. */
    private static class Refusing implements CredentialStorage {
        @Override
        public Future<List<Authenticator>> find(String userName, String credentialId) {
            return Future.succeededFuture(List.of());
        }

        @Override
        public Future<Void> storeCredential(Authenticator authenticator) {
            return Future.failedFuture("not in this ceremony");
        }

        @Override
        public Future<Void> updateCounter(Authenticator authenticator) {
            return Future.failedFuture("not in this ceremony");
        }
    }
}
