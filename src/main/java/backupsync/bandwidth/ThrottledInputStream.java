package backupsync.bandwidth;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A copy's source, read no faster than every limit that applies to the copy allows. */
public final class ThrottledInputStream extends FilterInputStream {
    private final List<Bandwidth> limits;

    public ThrottledInputStream(InputStream in, List<Bandwidth> limits) {
        super(in);
        this.limits = List.copyOf(limits);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            taken(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            taken(n);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("a throttled copy reads every byte");
    }

    private void taken(int bytes) throws IOException {
        long waitNanos = 0;
        for (Bandwidth limit : limits) {
            waitNanos = Math.max(waitNanos, limit.charge(bytes));
        }
        if (waitNanos > 0) {
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while held to a bandwidth limit");
            }
        }
    }
}
