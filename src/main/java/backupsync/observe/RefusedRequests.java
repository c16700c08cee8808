package backupsync.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.support.CamelContextHelper;

/**
 * backupsync_requests_refused_total{status,code}: requests answered with an ErrorCode before they became a sync (a
 * body too large, malformed or of the wrong media type, no valid session, a failed login), which
 * backupsync_syncs_total never sees. A flood of them is what an operator wants to find here.
 */
public class RefusedRequests {
    private final CamelContext context;
    private volatile MeterRegistry registry;

    public RefusedRequests(CamelContext context) {
        this.context = context;
    }

    public void count(int httpStatus, String errorCode) {
        MeterRegistry meters = registry();
        if (meters != null) {
            Counter.builder("backupsync.requests.refused")
                    .description("Requests answered with an ErrorCode before they became a sync, by HTTP status and code")
                    .tag("status", Integer.toString(httpStatus)).tag("code", errorCode).register(meters).increment();
        }
    }

    /** Camel creates its Prometheus registry while starting, after the beans: looked up at the first refusal. */
    private MeterRegistry registry() {
        MeterRegistry found = registry;
        if (found == null) {
            found = CamelContextHelper.findSingleByType(context, MeterRegistry.class);
            registry = found;
        }
        return found;
    }
}
