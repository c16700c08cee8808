package backupsync.storage.ssh;

/**
 * The host presented another key than the one pinned for the store: a re-installed host, or someone in the middle.
 * Every operation on the store is refused until an admin accepts the new key.
 */
public class HostKeyMismatchException extends SshStoreException {
    private final String expected;
    private final String presented;

    public HostKeyMismatchException(String hostAddress, String expected, String presented) {
        super(hostAddress, "the host key of %s changed: it presented %s but %s is pinned for this store; refusing to connect until an admin accepts the new key"
                .formatted(hostAddress, presented, expected), null);
        this.expected = expected;
        this.presented = presented;
    }

    public String expected() {
        return expected;
    }

    public String presented() {
        return presented;
    }
}
