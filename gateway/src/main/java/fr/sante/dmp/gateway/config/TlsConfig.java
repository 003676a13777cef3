package fr.sante.dmp.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The gateway serving TLS itself (TLS 1.2 and 1.3 only).
 *
 * @param certificate DMP_TLS_CERT: PEM certificate chain of the server
 * @param key         DMP_TLS_KEY: PEM private key (PKCS#8 or PKCS#1)
 * @param clientCa    DMP_TLS_CLIENT_CA: PEM certificates of the authorities issuing professionals' client certificates;
 *                    when set, the professional API refuses a connection without a certificate they signed
 */
public record TlsConfig(Path certificate, Path key, Optional<Path> clientCa) {
    public static final String CERT = "DMP_TLS_CERT";
    public static final String KEY = "DMP_TLS_KEY";
    public static final String CLIENT_CA = "DMP_TLS_CLIENT_CA";

    public TlsConfig {
        readable(CERT, certificate);
        readable(KEY, key);
        clientCa.ifPresent(p -> readable(CLIENT_CA, p));
    }

    static Optional<TlsConfig> of(Optional<String> cert, Optional<String> key, Optional<String> clientCa) {
        if (cert.isEmpty() && key.isEmpty()) {
            if (clientCa.isPresent()) {
                throw new ConfigException(CLIENT_CA + ": needs " + CERT + " and " + KEY);
            }
            return Optional.empty();
        }
        if (cert.isEmpty() || key.isEmpty()) {
            throw new ConfigException(CERT + " and " + KEY + ": set both or neither");
        }
        return Optional.of(new TlsConfig(Path.of(cert.get()), Path.of(key.get()), clientCa.map(Path::of)));
    }

    private static void readable(String name, Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException(name + ": cannot read " + file);
        }
    }
}
