package backupsync.bandwidth;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A copy's source, read no faster than every limit that applies to the copy allows. */
public final class ThrottledInputStream extends FilterInputStream {
    /** How a reader held to a limit waits; a test's sleeper advances its own clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    public static final Sleeper THREAD_SLEEP = java.util.concurrent.TimeUnit.NANOSECONDS::sleep;

    private final List<Bandwidth> limits;
    private final Sleeper sleeper;

    public ThrottledInputStream(InputStream in, List<Bandwidth> limits) {
        this(in, limits, THREAD_SLEEP);
    }

    public ThrottledInputStream(InputStream in, List<Bandwidth> limits, Sleeper sleeper) {
        super(in);
        this.limits = List.copyOf(limits);
        this.sleeper = sleeper;
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
        hold(limits, bytes, sleeper);
    }

    /**
     * Charges {@code bytes} to every limit and waits the longest debt: for bytes that went by without this stream (a
     * remote store hashing a file where it lies, then the next read waits for what it read there).
     */
    public static void hold(List<Bandwidth> limits, long bytes, Sleeper sleeper) throws IOException {
        long waitNanos = 0;
        for (Bandwidth limit : limits) {
            waitNanos = Math.max(waitNanos, limit.charge(bytes));
        }
        if (waitNanos > 0) {
            try {
                sleeper.sleepNanos(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while held to a bandwidth limit");
            }
        }
    }
}
