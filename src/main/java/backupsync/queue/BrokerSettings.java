package backupsync.queue;

import java.util.Locale;
import java.util.function.Function;

import backupsync.config.PackagedDefaults;
import backupsync.config.Settings;

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

    /** The service's broker, from its validated settings (defaults: config/application.properties). */
    public static BrokerSettings from(Settings settings) {
        Type type = Type.of(settings.oneOf("backupsync.broker.type", "artemis-embedded", "artemis", "rabbitmq"));
        return new BrokerSettings(type,
                settings.text("backupsync.broker.host"),
                settings.integer("backupsync.broker.port", 1, 65535),
                settings.optionalText("backupsync.broker.url"),
                settings.optionalText("backupsync.broker.username"),
                settings.optionalText("backupsync.broker.password"),
                settings.text("backupsync.broker.virtual-host"),
                settings.text("backupsync.broker.embedded.bind-address"));
    }

    /**
     * A client's broker (the queue sender, tests): the keys given, over the jar's defaults, over
     * config/rabbitmq.properties when the type is rabbitmq (its port differs).
     */
    public static BrokerSettings from(Function<String, String> property) {
        String type = property.apply("backupsync.broker.type");
        return from(type != null && type.strip().equalsIgnoreCase("rabbitmq")
                ? PackagedDefaults.over(property, "rabbitmq") : PackagedDefaults.over(property));
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

}
