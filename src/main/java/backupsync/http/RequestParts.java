package backupsync.http;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import org.apache.camel.Exchange;

/**
 * Reads path parameters and JSON bodies from the request itself. Path parameters are taken from the path, not
 * from Camel headers: a request header of the same name would otherwise be merged into them.
 */
public final class RequestParts {
    private static final Pattern BACKUP_PATH = Pattern.compile("^/zstack/v1/database-backups/([^/]+)(?:/actions)?/?$");
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;

    private RequestParts() {
    }

    public static String path(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
    }

    /** The {uuid} of /zstack/v1/database-backups/{uuid}[/actions], or null on other paths. */
    public static String databaseBackupUuid(Exchange exchange) {
        String path = path(exchange);
        Matcher matcher = path == null ? null : BACKUP_PATH.matcher(path);
        return matcher != null && matcher.matches() ? matcher.group(1) : null;
    }

    /** The body as text, refusing bodies that do not claim to be JSON (no Content-Type is taken as JSON). */
    public static String jsonBody(Exchange exchange) {
        Object contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE);
        if (contentType != null) {
            // The media type alone, parameters (charset) dropped: 'application/jsonp' is not JSON.
            String type = contentType.toString().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!type.equals("application/json") && !type.equals("text/plain") && !type.endsWith("+json")) {
                throw new ApiException(ZStackError.INVALID_ARGUMENT,
                        "Content-Type '%s' is not supported; send 'Content-Type: application/json;charset=UTF-8'"
                                .formatted(shorten(contentType.toString())), UNSUPPORTED_MEDIA_TYPE);
            }
        }
        return exchange.getMessage().getBody(String.class);
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
