package backupsync.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of a {@link LinkEmulator}'s link: its one-way delay, its bandwidth (a token bucket shared by every
 * connection going that way, as a link's capacity is) and what it carried. Settings apply to live connections at once.
 */
public final class LinkDirection {
    /** The smallest burst: one read's worth, so a chunk never needs more tokens than the bucket holds. */
    static final int MIN_BURST = 64 * 1024;

    private volatile long delayNanos;
    private volatile long rate; // bytes per second, 0 for unlimited; written under the lock
    private final ReentrantLock bucket = new ReentrantLock();
    private final Condition rateChanged = bucket.newCondition();
    private double tokens; // guarded by bucket
    private long refilledAt; // guarded by bucket
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong peakInFlight = new AtomicLong();

    /** Each chunk leaves this long after it entered; chunks already in flight take the new delay too. */
    public void setDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + delay);
        }
        delayNanos = delay.toNanos();
    }

    public Duration delay() {
        return Duration.ofNanos(delayNanos);
    }

    /** Bytes per second, with a burst of 10 ms worth (at least 64 KiB); 0 for unlimited. */
    public void setRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a rate cannot be negative: " + bytesPerSecond);
        }
        bucket.lock();
        try {
            refill();
            tokens = rate == 0 ? burst(bytesPerSecond) : Math.min(tokens, burst(bytesPerSecond));
            rate = bytesPerSecond;
            rateChanged.signalAll();
        } finally {
            bucket.unlock();
        }
    }

    public long rate() {
        return rate;
    }

    /** Bytes written out this way since the start, over every connection. */
    public long bytesForwarded() {
        return forwarded.get();
    }

    /** Bytes read in but not yet written out, over every open connection. */
    public long bytesInFlight() {
        return inFlight.get();
    }

    /** The most bytes ever in flight at once: what shows that the delay is a queue, not a pause. */
    public long peakBytesInFlight() {
        return peakInFlight.get();
    }

    long delayNanos() {
        return delayNanos;
    }

    /** Waits until the bucket lets {@code bytes} more through. */
    void take(int bytes) throws InterruptedException {
        if (rate == 0) {
            return; // unlimited: no lock on the fast path
        }
        bucket.lockInterruptibly();
        try {
            while (rate > 0) {
                refill();
                double needed = Math.min(bytes, burst(rate));
                if (tokens >= needed) {
                    tokens -= bytes;
                    return;
                }
                rateChanged.awaitNanos(Math.max(1_000, (long) ((needed - tokens) * 1e9 / rate)));
            }
        } finally {
            bucket.unlock();
        }
    }

    void entered(long bytes) {
        peakInFlight.accumulateAndGet(inFlight.addAndGet(bytes), Math::max);
    }

    void left(long bytes) {
        inFlight.addAndGet(-bytes);
    }

    void forwarded(long bytes) {
        forwarded.addAndGet(bytes);
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst(rate), tokens + (now - refilledAt) / 1e9 * rate);
        refilledAt = now;
    }

    private static double burst(long rate) {
        return Math.max(MIN_BURST, rate / 100.0);
    }
}
