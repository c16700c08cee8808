package backupsync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Before anything is opened, the ports this node is configured to own must be free. Vert.x and Artemis only log a
 * failed bind and go on, and a node without its HTTP port or broker acceptor still consumed requests from another
 * node's broker and answered them from its own database. Each server's actual bind is checked again once it started,
 * for the port taken in between.
 */
public final class OwnedPorts {
    private OwnedPorts() {
    }

    /** Throws a {@link StartupFailure} naming {@code property} when {@code host:port} cannot be bound now. */
    public static void requireFree(String what, String host, int port, String property) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw inUse(what, host, port, property, e);
        }
    }

    public static StartupFailure inUse(String what, String host, int port, String property, Throwable cause) {
        return new StartupFailure("%s port %d on %s is in use (%s): stop the process that holds it or set %s"
                .formatted(what, port, host, cause == null ? "bind failed" : cause.getMessage(), property), cause);
    }
}
