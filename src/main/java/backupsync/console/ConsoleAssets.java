package backupsync.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

import backupsync.http.RequestParts;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The console's files, read from the jar's {@code console/} folder: a flat set of names, so no request path can
 * reach any other resource (no '/', no '..', no other suffix).
 */
public class ConsoleAssets {
    private static final Pattern ASSET = Pattern.compile("/console/([a-z0-9-]{1,64}\\.(html|css|js|svg))");
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=UTF-8",
            "css", "text/css;charset=UTF-8", "js", "text/javascript;charset=UTF-8", "svg", "image/svg+xml");
    // Only the console's own files run: no inline script, nothing from another origin (no CDN, no network).
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** Step "serveConsoleAsset": /console and /console/ are the page, /console/&lt;name&gt; one of its files. */
    public void serveConsoleAsset(Exchange exchange) throws IOException {
        String path = RequestParts.path(exchange);
        String name;
        if (path == null || path.equals("/console") || path.equals("/console/")) {
            name = "index.html";
        } else {
            var matcher = ASSET.matcher(path);
            name = matcher.matches() ? matcher.group(1) : null;
        }
        byte[] bytes = name == null ? null : read(name);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader("Cache-Control", "no-cache");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Content-Security-Policy", CSP);
        if (bytes == null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, TYPES.get("html"));
            message.setBody("<!doctype html><html lang=\"en\"><title>Not found</title><p>No such page in the console. "
                    + "<a href=\"/console/\">Open the console</a>.</p></html>");
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        message.setBody(bytes);
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("console/" + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
