package backupsync.storage.ssh;

import java.io.IOException;

/** An operation on a remote store failed: names the store ({@code user@host:port:/root}), never a secret. */
public class SshStoreException extends IOException {
    private final String location;
    private final boolean linkFailure;

    public SshStoreException(String location, String message, Throwable cause) {
        super(message, cause);
        this.location = location;
        this.linkFailure = cause != null && LinkFailures.isLinkFailure(cause);
    }

    /**
     * True when the link failed (not the server's answer nor a refusal of ours): what the destination holds is good
     * as far as it was made durable, and worth resuming from.
     */
    public boolean isLinkFailure() {
        return linkFailure;
    }

    /** True when {@code failure} or one of its causes is a link failure of a remote store. */
    public static boolean causedByLinkFailure(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SshStoreException ssh && ssh.isLinkFailure()) {
                return true;
            }
        }
        return false;
    }

    /** {@code user@host:port:/root} of the store, or {@code user@host:port} when the connection itself failed. */
    public String location() {
        return location;
    }
}
