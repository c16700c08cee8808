package backupsync.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/** After the Creating ref is inserted: from here on, a failure must remove it, and the ref's heartbeat runs. */
public class MarkReserved implements Processor {
    private final ReservationHeartbeat heartbeat;

    public MarkReserved(ReservationHeartbeat heartbeat) {
        this.heartbeat = heartbeat;
    }

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        sync.setReserved(true);
        Runnable stop = heartbeat.keepAlive(sync);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                stop.run();
            }
        });
    }
}
