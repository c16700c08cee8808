package backupsync.http;

import backupsync.OwnedPorts;
import backupsync.auth.SessionService;
import backupsync.query.QueryDatabaseBackups;
import backupsync.queue.BrokerSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The HTTP doors: the ports this node must own, start-up's 503, error pages, and the REST doors' beans. */
public final class HttpConfiguration {
    private HttpConfiguration() {
    }

    /** Before anything is opened: a node that cannot own its ports must not run ({@link OwnedPorts} says why). */
    public static void claimPorts(CamelContext context, HttpSettings http, BrokerSettings broker) throws Exception {
        OwnedPorts.requireFree("HTTP", http.host(), http.port(), "camel.server.port");
        if (broker.type() == BrokerSettings.Type.ARTEMIS_EMBEDDED) {
            OwnedPorts.requireFree("embedded broker", broker.embeddedBindAddress(), broker.port(), "backupsync.broker.port");
        }
        context.addStartupListener(new HttpServerBound(http.port()));
        StartingUp.install(context);
    }

    public static void bind(CamelContext context, HttpSettings http, SessionService sessions,
                            NamedParameterJdbcTemplate jdbc) {
        Registry registry = context.getRegistry();
        registry.bind("restSyncDoor", new RestSyncDoor());
        registry.bind("loginDoor", new LoginDoor(sessions));
        registry.bind("logOutDoor", new LogOutDoor(sessions));
        registry.bind("queryDatabaseBackups", new QueryDatabaseBackups(sessions, jdbc));
        registry.bind("unknownPath", new UnknownPath());
        registry.bind("failureResponder", new FailureResponder());
        backupsync.console.ConsoleConfiguration.bind(context, sessions);
        context.getManagementStrategy().addEventNotifier(new ErrorPages(context, http.port(), http.maxBodySize()));
    }
}
