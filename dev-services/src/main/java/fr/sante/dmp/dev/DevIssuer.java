package fr.sante.dmp.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import fr.sante.dmp.devservices.DevServices;
import fr.sante.dmp.devservices.PortFile;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development OpenID Connect issuer (mock-oauth2-server) on loopback, issuer id {@value #ISSUER_ID}, on a port
 * kept in {@code dataDir/oidc.port}. Its issuer URL is written to {@code dataDir/oidc.issuer} so that
 * {@code dmp token} can ask it for tokens over HTTP (client-credentials grant, claims as form parameters).
 */
public final class DevIssuer implements DevServices.Issuer {
    private static final Logger LOG = LoggerFactory.getLogger(DevIssuer.class);
    public static final String ISSUER_ID = DevServices.ISSUER_ID;
    /** The development card-reading issuer's id: its tokens are presence assertions. */
    public static final String PRESENCE_ISSUER_ID = DevServices.PRESENCE_ISSUER_ID;
    public static final String PRESENCE_AUDIENCE = "dmp-presence";
    /** The JOSE header type of access tokens (RFC 9068); ID tokens are typed {@code JWT}. */
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";

    private final MockOAuth2Server server;
    private final String audience;
    private final Path issuerFile;

    private DevIssuer(MockOAuth2Server server, String audience, Path issuerFile) {
        this.server = server;
        this.audience = audience;
        this.issuerFile = issuerFile;
    }

    public static DevIssuer start(Path dataDir, String audience) {
        int port = new PortFile(dataDir.resolve("oidc.port")).choose();
        OAuth2Config config = new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(),
                Set.of(new DevTokenCallback(ISSUER_ID, audience),
                        new DevPresenceCallback(PRESENCE_ISSUER_ID, PRESENCE_AUDIENCE)));
        MockOAuth2Server server = new MockOAuth2Server(config);
        server.start(InetAddress.getLoopbackAddress(), port);
        DevIssuer issuer = new DevIssuer(server, audience, dataDir.resolve(DevServices.ISSUER_FILE));
        try {
            Files.writeString(issuer.issuerFile, issuer.issuerUrl(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            server.shutdown();
            throw new UncheckedIOException("cannot write the issuer file", e);
        }
        LOG.atInfo().addKeyValue("issuer", issuer.issuerUrl()).log("development OIDC issuer started");
        return issuer;
    }

    /** {@code http://localhost:<port>/dmp}: the value of the tokens' {@code iss} claim. */
    @Override
    public String issuerUrl() {
        String url = server.issuerUrl(ISSUER_ID).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** {@code http://localhost:<port>/presence}: the development card-reading issuer. */
    @Override
    public String presenceIssuerUrl() {
        String url = server.issuerUrl(PRESENCE_ISSUER_ID).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String tokenEndpoint() {
        return issuerUrl() + "/token";
    }

    /**
     * Issues a token in-process with any claims, audience and lifetime (negative: already expired). For tests that
     * need tokens a well-behaved issuer would not give. The client id is the subject.
     */
    public String issue(String issuerId, String subject, java.util.List<String> aud, Map<String, Object> claims,
            long expirySeconds) {
        return issue(issuerId, subject, ACCESS_TOKEN_TYPE, aud, claims, expirySeconds);
    }

    /** As {@link #issue(String, String, java.util.List, Map, long)} with this JOSE header type (tests of ID tokens). */
    public String issue(String issuerId, String subject, String type, java.util.List<String> aud,
            Map<String, Object> claims, long expirySeconds) {
        return server.issueToken(issuerId, subject,
                new DefaultOAuth2TokenCallback(issuerId, subject, type, aud, claims, expirySeconds)).serialize();
    }

    public String audience() {
        return audience;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(issuerFile); // `dmp token` then says the platform is not running
        } catch (IOException e) {
            LOG.atDebug().log("issuer file left behind");
        }
        server.shutdown();
    }
}
