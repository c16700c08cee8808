package backupsync.storage.ssh;

import java.io.IOException;

/** An operation on a remote store failed: names the store ({@code user@host:port:/root}), never a secret. */
public class SshStoreException extends IOException {
    private final String location;

    public SshStoreException(String location, String message, Throwable cause) {
        super(message, cause);
        this.location = location;
    }

    /** {@code user@host:port:/root} of the store, or {@code user@host:port} when the connection itself failed. */
    public String location() {
        return location;
    }
}
