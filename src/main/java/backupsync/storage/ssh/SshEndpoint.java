package backupsync.storage.ssh;

import java.util.Objects;

/**
 * Where a remote store is: {@code username@hostname:sshPort}, and its root directory on that host (the url of an
 * ImageStoreBackupStorageVO). No secret is part of it, so it may go into every message and log line.
 */
public record SshEndpoint(String hostname, int sshPort, String username, String rootDirectory) {

    public SshEndpoint {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(rootDirectory, "rootDirectory");
        if (hostname.isBlank() || username.isBlank()) {
            throw new IllegalArgumentException("a remote store needs a hostname and a username");
        }
        if (sshPort < 1 || sshPort > 65535) {
            throw new IllegalArgumentException("sshPort[%d] is not a TCP port".formatted(sshPort));
        }
        if (!rootDirectory.startsWith("/")) {
            throw new IllegalArgumentException("the root directory[%s] of a remote store must be an absolute path".formatted(rootDirectory));
        }
        // One form for every message and for joining names under it: no trailing slash (except "/" itself).
        while (rootDirectory.length() > 1 && rootDirectory.endsWith("/")) {
            rootDirectory = rootDirectory.substring(0, rootDirectory.length() - 1);
        }
    }

    /** {@code user@host:port}: the connection, for messages. */
    public String hostAddress() {
        return "%s@%s:%d".formatted(username, hostname, sshPort);
    }

    /** {@code user@host:port:/root}: the store, for messages. */
    public String location() {
        return hostAddress() + ":" + rootDirectory;
    }

    @Override
    public String toString() {
        return location();
    }
}
