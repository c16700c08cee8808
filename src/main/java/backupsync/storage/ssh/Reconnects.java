package backupsync.storage.ssh;

import java.io.IOException;
import java.time.Duration;

/**
 * The reconnects one remote read or write may still make ({@code backupsync.ssh.retries} in all for the transfer, so
 * a link that keeps failing ends the sync) and the back-off before each: {@code retry-backoff}, doubled within one
 * outage. Only a failure of the link is worth another try ({@link LinkFailures}); an answer of the server is not.
 */
final class Reconnects {
    /** What a reconnect does; throws when the link is still down. */
    interface Attempt {
        void run() throws IOException;
    }

    /** Says why and when the transfer reconnects (the caller names its file and offset). */
    interface Notice {
        void reconnecting(IOException cause, Duration wait, int triesLeftAfterThis);
    }

    private final Duration firstBackoff;
    private int left;

    Reconnects(SshStoreSettings settings) {
        this.firstBackoff = settings.retryBackoff();
        this.left = settings.retries();
    }

    /**
     * After {@code failure}: drops what the failed link held, waits, and tries {@code reconnect} until one succeeds
     * (then returns) or the budget or the kind of failure says stop (then throws the last failure).
     */
    void after(IOException failure, Notice notice, Runnable drop, Attempt reconnect) throws IOException {
        IOException last = failure;
        Duration backoff = firstBackoff;
        while (left > 0 && LinkFailures.isLinkFailure(last)) {
            left--;
            notice.reconnecting(last, backoff, left);
            drop.run();
            LinkFailures.backOff(backoff);
            backoff = backoff.multipliedBy(2);
            try {
                reconnect.run();
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }
}
