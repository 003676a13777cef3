package fr.sante.dmp.gateway.config;

import fr.sante.dmp.notify.NotifyOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The SMS and mail providers as URLs, so that each fits in one variable:
 * {@code smpp://systemId:password@host:port?throughput=N&source=Sender} and
 * {@code smtp://[user:password@]host:port?from=...&starttls=true}. Messages name the variable, never its value (it
 * holds a password).
 */
final class MessagingUrls {
    private MessagingUrls() {
    }

    static NotifyOptions.Smpp smpp(String name, String url) {
        URI uri = parse(name, url, "smpp");
        String[] credentials = credentials(name, uri);
        if (credentials[0].isEmpty()) {
            throw new ConfigException(name + ": the system id is required (smpp://systemId:password@host:port)");
        }
        Map<String, String> query = query(name, uri);
        NotifyOptions.Smpp smpp = NotifyOptions.Smpp.of(uri.getHost(), port(uri, 2775), credentials[0], credentials[1]);
        try {
            if (query.containsKey("throughput")) {
                smpp = smpp.withThroughput(Integer.parseInt(query.get("throughput")));
            }
            if (query.containsKey("source")) {
                smpp = new NotifyOptions.Smpp(smpp.host(), smpp.port(), smpp.systemId(), smpp.password(),
                        query.get("source"), smpp.throughputPerSecond(), smpp.senderThreads(), smpp.submitTimeout(),
                        smpp.reconnectMin(), smpp.reconnectMax());
            }
            return smpp;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
    }

    static NotifyOptions.Smtp smtp(String name, String url) {
        URI uri = parse(name, url, "smtp");
        Map<String, String> query = query(name, uri);
        String from = query.get("from");
        if (from == null || from.isBlank()) {
            throw new ConfigException(name + ": the sender is required (smtp://host:port?from=address)");
        }
        String[] credentials = credentials(name, uri);
        NotifyOptions.Smtp base = NotifyOptions.Smtp.of(uri.getHost(), port(uri, 25), from);
        boolean auth = !credentials[0].isEmpty();
        try {
            return new NotifyOptions.Smtp(base.host(), base.port(), base.from(),
                    query.getOrDefault("messageIdDomain", base.messageIdDomain()), query.get("unsubscribeUrl"),
                    auth ? credentials[0] : null, auth ? credentials[1] : null,
                    Boolean.parseBoolean(query.getOrDefault("starttls", "false")), base.maxConnections());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
    }

    private static URI parse(String name, String url, String scheme) {
        try {
            URI uri = new URI(url);
            if (!scheme.equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException(name + ": must look like " + scheme + "://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(name + ": not a URL");
        }
    }

    private static int port(URI uri, int fallback) {
        return uri.getPort() < 0 ? fallback : uri.getPort();
    }

    private static String[] credentials(String name, URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null) {
            return new String[] {"", ""};
        }
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        String password = colon < 0 ? "" : info.substring(colon + 1);
        return new String[] {decode(user), decode(password)};
    }

    private static Map<String, String> query(String name, URI uri) {
        Map<String, String> values = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(name + ": query parameters must be name=value");
            }
            values.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return values;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
