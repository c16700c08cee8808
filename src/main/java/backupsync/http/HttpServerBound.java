package backupsync.http;

import backupsync.OwnedPorts;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * Once Camel has started: the HTTP server must really listen. Vert.x only logs a failed bind and Camel starts
 * anyway; {@link OwnedPorts} checked the port before start-up, this catches a port taken in between.
 */
public final class HttpServerBound implements ExtendedStartupListener {
    private final int port;

    public HttpServerBound(int port) {
        this.port = port;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        for (VertxPlatformHttpServer server : context.hasServices(VertxPlatformHttpServer.class)) {
            if (server.getServer() == null || server.getServer().actualPort() <= 0) {
                throw OwnedPorts.inUse("HTTP", server.getHost(), port, "camel.server.port", null);
            }
        }
    }
}
