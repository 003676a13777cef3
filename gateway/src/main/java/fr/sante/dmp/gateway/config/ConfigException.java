package fr.sante.dmp.gateway.config;

/** The configuration is unusable; start-up stops with this message, which names the variable at fault. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
