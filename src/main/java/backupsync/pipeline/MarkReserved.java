package backupsync.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** After the Creating ref is inserted: from here on, a failure must remove it. */
public class MarkReserved implements Processor {
    @Override
    public void process(Exchange exchange) {
        exchange.getProperty(SyncContext.PROPERTY, SyncContext.class).setReserved(true);
    }
}
