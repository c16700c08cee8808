package backupsync.http;

import java.util.Map;

import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel Main's HTTP server listens before the routes start. Until they are all up, {@code /zstack/...} answers 503
 * with a ZStack ErrorCode (SYS.1010) instead of Vert.x's HTML "Resource not found". It sits in the server's
 * authentication slot, the one hook Camel 4.18 offers that is in place before the server listens; afterwards it only
 * passes each request on.
 */
public final class StartingUp implements AuthenticationHandler, ExtendedStartupListener {
    private static final Logger LOG = LoggerFactory.getLogger(StartingUp.class);
    private static final String BODY = ZStackJson.write(Map.of("error", ZStackError.NOT_READY.withDetails(
            "backup-sync is starting: its routes are not up yet; try again in a few seconds")));
    private volatile boolean started;

    private StartingUp() {
    }

    /** Puts the gate in front of {@code /zstack/*} on Camel Main's HTTP server, which must not have started yet. */
    public static void install(CamelContext context) throws Exception {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server == null) {
            LOG.warn("no Camel Main HTTP server found: requests during start-up get Vert.x's own answers");
            return;
        }
        StartingUp gate = new StartingUp();
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/zstack/*");
        entry.setAuthenticationProviderFactory(vertx -> null);
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T none) {
                return gate;
            }
        });
        AuthenticationConfig authentication = server.getConfiguration().getAuthenticationConfig();
        authentication.getEntries().add(entry);
        authentication.setEnabled(true);
        context.addStartupListener(gate);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (started) {
            ctx.next();
        } else {
            ctx.response().setStatusCode(503).putHeader("Content-Type", ZStackJson.CONTENT_TYPE)
                    .putHeader("Retry-After", "5").end(BODY);
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        started = true;
    }
}
