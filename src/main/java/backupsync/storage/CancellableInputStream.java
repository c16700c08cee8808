package backupsync.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Runs a check before every read: a copy streaming through it stops at the next buffer once the check throws.
 * End of stream is checked too, so a copy cancelled during its last read is not published.
 */
public class CancellableInputStream extends FilterInputStream {
    private final Runnable check;

    public CancellableInputStream(InputStream in, Runnable check) {
        super(in);
        this.check = check;
    }

    @Override
    public int read() throws IOException {
        check.run();
        return in.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        check.run();
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            check.run();
        }
        return n;
    }
}
