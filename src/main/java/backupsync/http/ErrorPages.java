package backupsync.http;

import java.util.Map;

import backupsync.api.ErrorCode;
import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.observe.RefusedRequests;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Answers that Vert.x gives before any route runs (an oversized body, a failure inside the HTTP layer) as
 * ZStack ErrorCodes too, instead of Vert.x's plain-text pages.
 */
public class ErrorPages extends EventNotifierSupport {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ErrorPages.class);
    private final CamelContext context;
    private final int port;
    private final long maxBodySize;
    private final RefusedRequests refused;

    public ErrorPages(CamelContext context, int port, long maxBodySize) {
        this.context = context;
        this.port = port;
        this.maxBodySize = maxBodySize;
        this.refused = new RefusedRequests(context);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context);
        }
        if (router == null) {
            LOG.warn("no platform-http router found: oversized requests get Vert.x's plain-text answer");
            return;
        }
        // A failure handler on every path: Vert.x restarts its route search when a request fails.
        router.route().failureHandler(this::answerFailure);
        // A path no route matches, outside /zstack too (e.g. /zstack/v1/%2e%2e/... that Vert.x normalizes to /...).
        // Ordered after every route, so it only answers what none of them took.
        router.route().last().handler(ctx -> refuse(ctx, 404, ZStackError.RESOURCE_NOT_FOUND.withDetails(
                "no API at %s %s".formatted(ctx.request().method(), shorten(ctx.request().path())))));
    }

    private void answerFailure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            refuse(ctx, 413, ZStackError.INVALID_ARGUMENT.withDetails(
                    "the request body is larger than %d bytes".formatted(maxBodySize)));
        } else {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            // Never the failure's class or message: they are Vert.x internals, not something the caller can fix.
            if (ctx.failure() != null) {
                LOG.debug("the HTTP layer refused {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            }
            refuse(ctx, status, (status >= 500 ? ZStackError.INTERNAL : ZStackError.INVALID_ARGUMENT).withDetails(
                    status >= 500 ? "the HTTP layer failed (status %d)".formatted(status)
                            : "the HTTP layer refused the request as malformed (status %d): check the URL encoding, the headers and the body framing"
                                    .formatted(status)));
        }
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 128 ? text.substring(0, 128) + "..." : text;
    }

    /** Every answer here is a request refused before any route: counted as such. */
    private void refuse(RoutingContext ctx, int status, ErrorCode error) {
        if (ctx.response().ended()) {
            return;
        }
        refused.count(status, error.code());
        ctx.response().setStatusCode(status).putHeader("Content-Type", ZStackJson.CONTENT_TYPE)
                .end(ZStackJson.write(Map.of("error", error)));
    }
}
