package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.devservices.DevServices;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code dmp token}: asks the development issuer of the running platform (its URL is in {@code DMP_DATA_DIR/oidc.issuer})
 * for an access token with the client-credentials grant; the professional's claims travel as form parameters. Prints
 * only the token, so that {@code TOKEN=$(./dmp token ...)} works.
 */
public final class TokenCommand {
    static final String USAGE = "dmp token --rpps R --profession P [--category C] [--specialty S] [--scope S] [--subject X]\n"
            + "dmp token --admin [--subject X]\n"
            + "dmp token --presence INS --rpps R   (a patient's presence assertion, as a card reader signs it)";

    private TokenCommand() {
    }

    public static int run(GatewayConfig config, List<String> argv) throws IOException, InterruptedException {
        Args args = Args.parse(argv, Set.of("rpps", "profession", "category", "specialty", "scope", "subject", "audience",
                "presence"), Set.of("admin"));
        if (!config.embeddedIssuer()) {
            throw new UsageException(GatewayConfig.OIDC_ISSUER + " is set: get tokens from that identity provider");
        }
        String issuer = DevServices.runningIssuerUrl(config.dataDir()).orElseThrow(() -> new UsageException(
                "no development issuer found under " + config.dataDir() + ": start the platform with ./dmp run first"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", "dmp-cli");
        form.put("client_secret", "dev");
        boolean presence = args.option("presence").isPresent();
        form.putAll(presence ? presenceClaims(args) : claims(args));
        String endpoint = (presence ? DevServices.presenceIssuerOf(issuer) : issuer) + "/token";
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UsageException("the development issuer at " + issuer + " does not answer: is ./dmp run running?");
        }
        if (response.statusCode() != 200) {
            System.err.println("the issuer refused: HTTP " + response.statusCode() + " " + response.body());
            return 1;
        }
        System.out.println(new JsonObject(response.body()).getString("access_token"));
        return 0;
    }

    /** The development card reader's assertion that this patient is at this professional's practice (5 minutes). */
    private static Map<String, String> presenceClaims(Args args) {
        Map<String, String> claims = new LinkedHashMap<>();
        try {
            claims.put("ins", Ins.parse(args.option("presence").orElseThrow()).value());
            claims.put("rpps", Rpps.parse(args.option("rpps")
                    .orElseThrow(() -> new UsageException("--rpps is required with --presence"))).value());
        } catch (InvalidIdentifierException e) {
            throw new UsageException("--" + e.getMessage());
        }
        return claims;
    }

    private static Map<String, String> claims(Args args) {
        Map<String, String> claims = new LinkedHashMap<>();
        if (args.flag("admin")) {
            claims.put("scope", args.option("scope").orElse("dmp:admin"));
            claims.put("subject", args.option("subject").orElse("admin"));
            return claims;
        }
        String scope = args.option("scope").orElse("dmp:read dmp:write");
        claims.put("scope", scope);
        args.option("subject").ifPresent(s -> claims.put("subject", s));
        args.option("audience").ifPresent(a -> claims.put("audience", a));
        if (args.option("rpps").isEmpty() && Set.of(scope.split("\\s+")).equals(Set.of("dmp:admin"))) {
            return claims; // --scope dmp:admin without --admin: an admin token too
        }
        try {
            claims.put("rpps", Rpps.parse(args.option("rpps")
                    .orElseThrow(() -> new UsageException("--rpps is required (or --admin)"))).value());
            claims.put("profession", Profession.fromCode(args.option("profession")
                    .orElseThrow(() -> new UsageException("--profession is required with --rpps"))).code());
            args.option("category").ifPresent(c -> claims.put("category", ActorCategory.fromClaim(c).claim()));
            args.option("specialty").ifPresent(s -> claims.put("specialty", s));
        } catch (InvalidIdentifierException e) {
            throw new UsageException("--" + e.getMessage());
        }
        return claims;
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
