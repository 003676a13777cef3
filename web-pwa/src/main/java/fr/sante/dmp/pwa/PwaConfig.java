package fr.sante.dmp.pwa;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the patient space needs to know, read once by the composition root.
 *
 * @param secureCookies      send cookies with {@code Secure} and the {@code __Host-} prefix. Browsers reject a
 *                           {@code __Host-} cookie without {@code Secure}; Chromium accepts {@code Secure} cookies from
 *                           {@code http://localhost} (it is a secure context), so keep {@code true} there too. Set
 *                           {@code false} only for plain HTTP on another host name: the cookies then lose the prefix.
 * @param sessionIdleTimeout a session ends after this long without a request (15 minutes)
 * @param sessionMaxLifetime a session ends after this long whatever happens (a bearer token's hard limit)
 * @param codeTtl            how long a one-time code is valid (5 minutes)
 * @param codeMaxAttempts    wrong tries before a code is burnt (5)
 * @param codesPerIdentity   codes an INS with one birth date may request per {@code codeWindow} (3 per 15 minutes)
 * @param codeWindow         the window of that limit
 * @param attemptsPerAddress login, code and invitation-code tries per client address per {@code addressWindow}
 * @param addressWindow      the window of that limit
 * @param secret             at least 32 bytes: the pepper of code hashes and identity keys, and the CSRF token key
 * @param bodyLimitBytes     largest form or JSON body accepted
 * @param clock              source of time
 * @param passkeyRpId        WebAuthn relying party id: the host name of the public address (DMP_PUBLIC_URL)
 * @param passkeyOrigins     origins a passkey ceremony may come from ({@code https://host[:port]}); empty: any
 *                           {@code https} origin on {@code passkeyRpId}, and {@code http://localhost:*} when the
 *                           relying party is {@code localhost} (a secure context for browsers, used by the tests)
 * @param apiCallsPerSession calls of the signed-in patient API per session per {@code apiWindow} (600 per minute:
 *                           an app's screen makes a few; a script reading the record in a loop is held to that)
 * @param apiWindow          the window of that limit
 * @param apiBurstPerSecond  calls of the signed-in patient API per session in any one second (50)
 */
public record PwaConfig(
        boolean secureCookies,
        Duration sessionIdleTimeout,
        Duration sessionMaxLifetime,
        Duration codeTtl,
        int codeMaxAttempts,
        int codesPerIdentity,
        Duration codeWindow,
        int attemptsPerAddress,
        Duration addressWindow,
        byte[] secret,
        long bodyLimitBytes,
        Clock clock,
        String passkeyRpId,
        java.util.List<String> passkeyOrigins,
        int apiCallsPerSession,
        Duration apiWindow,
        int apiBurstPerSecond) {

    /**
     * Plain http on this machine's loopback name, which only the embedded platform serves (a secure context for
     * browsers and WebAuthn): the notifications' rule for links ({@code PublicLinks}), which the PWA does not import.
     */
    private static final java.util.regex.Pattern LOCAL_HTTP =
            java.util.regex.Pattern.compile("http://(localhost|127\\.0\\.0\\.1)(:[0-9]+)?(/[^\\s]*)?");

    public PwaConfig {
        Objects.requireNonNull(apiWindow, "apiWindow");
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        Objects.requireNonNull(sessionMaxLifetime, "sessionMaxLifetime");
        Objects.requireNonNull(codeTtl, "codeTtl");
        Objects.requireNonNull(codeWindow, "codeWindow");
        Objects.requireNonNull(addressWindow, "addressWindow");
        Objects.requireNonNull(clock, "clock");
        if (passkeyRpId == null || passkeyRpId.isBlank() || passkeyRpId.contains(":") || passkeyRpId.contains("/")) {
            throw new IllegalArgumentException("passkeyRpId must be a host name");
        }
        passkeyOrigins = java.util.List.copyOf(passkeyOrigins);
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("secret must be at least 32 bytes");
        }
        if (codeMaxAttempts < 1 || codesPerIdentity < 1 || attemptsPerAddress < 1 || apiCallsPerSession < 1
                || apiBurstPerSecond < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        secret = secret.clone();
    }

    /** The values of the specification (issue 4) with the given secret. */
    public static PwaConfig defaults(byte[] secret) {
        return new PwaConfig(true, Duration.ofMinutes(15), Duration.ofHours(8), Duration.ofMinutes(5), 5, 3,
                Duration.ofMinutes(15), 60, Duration.ofMinutes(15), secret, 64 * 1024, Clock.systemUTC(), "localhost",
                java.util.List.of(), 600, Duration.ofMinutes(1), 50);
    }

    public PwaConfig withSecureCookies(boolean secure) {
        return new PwaConfig(secure, sessionIdleTimeout, sessionMaxLifetime, codeTtl, codeMaxAttempts,
                codesPerIdentity, codeWindow, attemptsPerAddress, addressWindow, secret, bodyLimitBytes, clock, passkeyRpId, passkeyOrigins, apiCallsPerSession, apiWindow, apiBurstPerSecond);
    }

    /** Another clock (the platform's, moved by DMP_CLOCK_OFFSET in embedded mode): deadlines and days left follow it. */
    public PwaConfig withClock(Clock other) {
        return new PwaConfig(secureCookies, sessionIdleTimeout, sessionMaxLifetime, codeTtl, codeMaxAttempts,
                codesPerIdentity, codeWindow, attemptsPerAddress, addressWindow, secret, bodyLimitBytes, other,
                passkeyRpId, passkeyOrigins, apiCallsPerSession, apiWindow, apiBurstPerSecond);
    }

    public PwaConfig withSessionIdleTimeout(Duration idle) {
        return new PwaConfig(secureCookies, idle, sessionMaxLifetime, codeTtl, codeMaxAttempts,
                codesPerIdentity, codeWindow, attemptsPerAddress, addressWindow, secret, bodyLimitBytes, clock, passkeyRpId, passkeyOrigins, apiCallsPerSession, apiWindow, apiBurstPerSecond);
    }

    public PwaConfig withCodeTtl(Duration ttl) {
        return new PwaConfig(secureCookies, sessionIdleTimeout, sessionMaxLifetime, ttl, codeMaxAttempts,
                codesPerIdentity, codeWindow, attemptsPerAddress, addressWindow, secret, bodyLimitBytes, clock, passkeyRpId, passkeyOrigins, apiCallsPerSession, apiWindow, apiBurstPerSecond);
    }

    public PwaConfig withAttemptsPerAddress(int attempts) {
        return new PwaConfig(secureCookies, sessionIdleTimeout, sessionMaxLifetime, codeTtl, codeMaxAttempts,
                codesPerIdentity, codeWindow, attempts, addressWindow, secret, bodyLimitBytes, clock, passkeyRpId, passkeyOrigins, apiCallsPerSession, apiWindow, apiBurstPerSecond);
    }

    /** The per-session throttle of the signed-in patient API: {@code burst} per second, {@code calls} per {@code window}. */
    public PwaConfig withApiCallsPerSession(int burst, int calls, Duration window) {
        return new PwaConfig(secureCookies, sessionIdleTimeout, sessionMaxLifetime, codeTtl, codeMaxAttempts,
                codesPerIdentity, codeWindow, attemptsPerAddress, addressWindow, secret, bodyLimitBytes, clock,
                passkeyRpId, passkeyOrigins, calls, window, burst);
    }

    /** Passkeys for the public address {@code https://host[:port]} (DMP_PUBLIC_URL): relying party = host. */
    public PwaConfig withPasskeysFor(String publicUrl) {
        java.net.URI uri = java.net.URI.create(publicUrl);
        // http://localhost is a secure context for WebAuthn: the embedded platform's own address is enough.
        if (!("https".equals(uri.getScheme()) || LOCAL_HTTP.matcher(publicUrl).matches())
                || uri.getHost() == null) {
            throw new IllegalArgumentException("passkeys need an https:// public address");
        }
        String origin = "https://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        // On localhost the same app is also reached over http://localhost:<port> (a secure context): allow it.
        java.util.List<String> origins = "localhost".equals(uri.getHost()) ? java.util.List.of()
                : java.util.List.of(origin);
        return new PwaConfig(secureCookies, sessionIdleTimeout, sessionMaxLifetime, codeTtl, codeMaxAttempts,
                codesPerIdentity, codeWindow, attemptsPerAddress, addressWindow, secret, bodyLimitBytes, clock,
                uri.getHost(), origins, apiCallsPerSession, apiWindow, apiBurstPerSecond);
    }

    /** Whether a WebAuthn ceremony from this origin (as the browser wrote it in clientDataJSON) is ours. */
    public boolean passkeyOriginAllowed(String origin) {
        if (origin == null) {
            return false;
        }
        if (!passkeyOrigins.isEmpty()) {
            return passkeyOrigins.contains(origin);
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!passkeyRpId.equals(uri.getHost()) || uri.getPath() != null && !uri.getPath().isEmpty()) {
            return false;
        }
        return "https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && "localhost".equals(passkeyRpId);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "PwaConfig[secureCookies=" + secureCookies + ", sessionIdleTimeout=" + sessionIdleTimeout + "]";
    }
}
