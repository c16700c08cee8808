package backupsync.queue;

import java.util.Locale;
import java.util.function.Function;

/**
 * Where the queue door's broker is and how to log in to it, from the {@code backupsync.broker.*} properties.
 * {@link #toString()} never shows the password: the settings are logged at start-up.
 */
public record BrokerSettings(Type type, String host, int port, String url, String username, String password,
                             String virtualHost, String embeddedBindAddress) {

    public enum Type {
        /** Apache Artemis inside this service, journal under the data directory (the default). */
        ARTEMIS_EMBEDDED("artemis-embedded"),
        /** Another Apache Artemis: {@code backupsync.broker.url}, or tcp://host:port. */
        ARTEMIS("artemis"),
        /** RabbitMQ through its JMS client (AMQP 0.9.1). */
        RABBITMQ("rabbitmq");

        private final String propertyValue;

        Type(String propertyValue) {
            this.propertyValue = propertyValue;
        }

        public static Type of(String value) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            for (Type type : values()) {
                if (type.propertyValue.equals(wanted)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("backupsync.broker.type must be artemis-embedded, artemis or rabbitmq, not '"
                    + value + "'");
        }

        @Override
        public String toString() {
            return propertyValue;
        }
    }

    /** Reads the settings through {@code property}, which answers null for a key that is not set. */
    public static BrokerSettings from(Function<String, String> property) {
        Type type = Type.of(orDefault(property.apply("backupsync.broker.type"), "artemis-embedded"));
        int defaultPort = type == Type.RABBITMQ ? 5672 : 61616;
        return new BrokerSettings(type,
                orDefault(property.apply("backupsync.broker.host"), "127.0.0.1"),
                Integer.parseInt(orDefault(property.apply("backupsync.broker.port"), Integer.toString(defaultPort))),
                blankToNull(property.apply("backupsync.broker.url")),
                blankToNull(property.apply("backupsync.broker.username")),
                blankToNull(property.apply("backupsync.broker.password")),
                orDefault(property.apply("backupsync.broker.virtual-host"), "/"),
                orDefault(property.apply("backupsync.broker.embedded.bind-address"), "127.0.0.1"));
    }

    /** The Artemis URL the service (and the sender) connect to. */
    public String artemisUrl() {
        if (url != null) {
            return url;
        }
        return "tcp://" + host + ":" + port;
    }

    @Override
    public String toString() {
        String where = type == Type.RABBITMQ ? host + ":" + port + virtualHostSuffix() : artemisUrl();
        return type + " at " + where + (username == null ? "" : " as " + username)
                + (password == null ? "" : " (password set)");
    }

    private String virtualHostSuffix() {
        return "/".equals(virtualHost) ? "" : " vhost " + virtualHost;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
