package backupsync.storage.ssh;

import java.io.IOException;
import java.io.InputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import backupsync.storage.StoreName;

/**
 * Reads a file of a remote store over one SFTP channel after another: when the link fails ({@link LinkFailures}), it
 * waits the back-off, reconnects and reads on from the same offset, {@code retries} times in all for the read.
 */
final class ResumingRead extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingRead.class);

    private final SshStore store;
    private final StoreName name;
    private long position;
    private SshStore.Lent current;
    private final Reconnects reconnects;

    ResumingRead(SshStore store, StoreName name, long position, SshStore.Lent current) {
        this.store = store;
        this.name = name;
        this.position = position;
        this.current = current;
        this.reconnects = new Reconnects(store.settings());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            try {
                int n = current.read(buffer, offset, length);
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException e) {
                reconnectAfter(e);
            }
        }
    }

    private void reconnectAfter(IOException failure) throws IOException {
        reconnects.after(failure,
                (cause, wait, left) -> LOG.warn("reading {} from {} was cut off at byte {} ({}); reconnecting in {} ms ({} more tries after this one)",
                        name, store.location(), position, cause.getMessage(), wait.toMillis(), left),
                () -> current.discard(),
                () -> {
                    current = store.open(name, position);
                    store.countResumedRead();
                    LOG.info("resumed reading {} from {} at byte {}", name, store.location(), position);
                });
    }

    @Override
    public void close() throws IOException {
        current.close();
    }
}
