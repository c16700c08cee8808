package backupsync.jobs;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First step of a background job: a job with a bad X-API-Timeout or X-Web-Hook fails here with SYS.1007, and one
 * whose timeout ran out while it waited for a thread does not start at all.
 */
public class CheckJobStillWanted implements Processor {

    @Override
    public void process(Exchange exchange) {
        SyncJob job = exchange.getProperty(SyncJob.PROPERTY, SyncJob.class);
        if (job.getRejection() != null) {
            throw job.getRejection();
        }
        job.getCancellation().check();
    }
}
