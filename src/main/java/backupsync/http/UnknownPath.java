package backupsync.http;

import backupsync.api.ZStackError;
import org.apache.camel.Exchange;

/** The last route under /zstack: what no door matched gets an ErrorCode too, never an HTML page. */
public class UnknownPath {

    /** Step "answerUnknownPath": 405 for a known path with another method, 404 otherwise. */
    public void answerUnknownPath(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        String allowed = allowedMethod(path);
        if (allowed != null) {
            HttpResponses.writeError(exchange, 405, ZStackError.INVALID_ARGUMENT.withDetails(
                    "method %s is not allowed on %s; use %s".formatted(method, path, allowed)));
            exchange.getMessage().setHeader("Allow", allowed);
        } else {
            HttpResponses.writeError(exchange, 404, ZStackError.RESOURCE_NOT_FOUND.withDetails(
                    "no API at %s %s".formatted(method, path)));
        }
    }

    static String allowedMethod(String path) {
        if (path == null) {
            return null;
        }
        if (path.matches("/zstack/v1/database-backups/replication-policies/[^/]+/actions")) {
            return "PUT";
        }
        if (path.matches("/zstack/v1/database-backups/replication-runs/[^/]+")) {
            return "GET";
        }
        if (path.matches("/zstack/v1/database-backups/[^/]+/actions")) {
            return "PUT";
        }
        if (path.matches("/zstack/v1/accounts/sessions/[^/]+")) {
            return "DELETE";
        }
        if (path.equals("/zstack/v1/accounts/login")) {
            return "PUT";
        }
        if (path.matches("/zstack/v1/database-backups(/[^/]+)?") || path.equals("/zstack/v1/database-backups/syncs/progress")) {
            return "GET";
        }
        if (path.matches("/zstack/v1/api-jobs/[^/]+")) {
            return "GET";
        }
        // ZStack's RPC door (routes/rpc-doors.yaml)
        if (path.matches("/zstack/api/?")) {
            return "POST, PUT";
        }
        if (path.matches("/zstack/api/result/[^/]+/?")) {
            return "GET, PUT";
        }
        // The backup storage API (routes/backup-storage-doors.yaml)
        if (path.equals("/zstack/v1/backup-storage/image-store")) {
            return "GET, POST";
        }
        if (path.matches("/zstack/v1/backup-storage/[^/]+/actions")) {
            return "PUT";
        }
        if (path.matches("/zstack/v1/backup-storage/[^/]+")) {
            return "DELETE";
        }
        if (path.equals("/zstack/v1/backup-storage")) {
            return "GET";
        }
        return null;
    }
}
