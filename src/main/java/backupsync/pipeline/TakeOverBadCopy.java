package backupsync.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.sql.SqlConstants;

/**
 * Step "noteReplacingBadCopy" and the predicates around it: a sync to a store whose Ready ref a verify run marked
 * corrupt or missing takes that ref over (Ready to Creating, conditionally, so one sync wins across nodes) and
 * replaces the file. The verify run's repair goes this way, and so does any other sync to that store.
 */
public class TakeOverBadCopy implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getProperty(SyncContext.PROPERTY, SyncContext.class).setReplacingBadCopy(true);
    }

    /** In the take-over's transaction: the conditional UPDATE found the ref still Ready and marked bad. */
    public static boolean updatedOneRef(Exchange exchange) {
        Integer updated = exchange.getMessage().getHeader(SqlConstants.SQL_UPDATE_COUNT, Integer.class);
        return updated != null && updated == 1;
    }

    /** After the take-over's transaction: this sync holds the ref (else another sync does, and the loop looks again). */
    public static boolean tookOver(Exchange exchange) {
        return replacing(exchange);
    }

    /** This sync replaces a bad copy: its commit marks the ref repaired instead of consuming capacity again. */
    public static boolean replacing(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        return sync != null && sync.isReplacingBadCopy();
    }
}
