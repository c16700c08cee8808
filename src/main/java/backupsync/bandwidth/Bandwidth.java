package backupsync.bandwidth;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One limit shared by every copy in its scope (the node, a destination store, a replication policy): a token bucket
 * whose rate is the timetable's at each moment. A copy takes what it read and, when the bucket is in debt, waits
 * until the debt is paid: copies in the same scope share the rate, and a change of the timetable or of the hour
 * applies from the next read on. The burst is 50 ms worth, so any window longer than a second stays close to the
 * limit.
 */
public final class Bandwidth {
    private static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MIN_BURST_BYTES = 64 * 1024;

    private final String scope;
    private final String key;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final AtomicLong bytesPassed = new AtomicLong();
    private volatile Timetable timetable;
    // Guarded by this.
    private double tokens;
    private long lastRefillNanos;

    public Bandwidth(String scope, String key, Timetable timetable, Clock clock) {
        this(scope, key, timetable, clock, System::nanoTime);
    }

    /** @param nanoTime the bucket's time source: {@link System#nanoTime}, or a test's clock that only sleeps advance */
    public Bandwidth(String scope, String key, Timetable timetable, Clock clock, LongSupplier nanoTime) {
        this.scope = scope;
        this.key = key;
        this.timetable = timetable;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.lastRefillNanos = nanoTime.getAsLong();
    }

    public String scope() {
        return scope;
    }

    public String key() {
        return key;
    }

    public Timetable timetable() {
        return timetable;
    }

    /** Takes effect at the next read of every copy in the scope. */
    public void setTimetable(Timetable timetable) {
        this.timetable = timetable;
    }

    /** Bytes per second in force now; empty when unlimited. */
    public OptionalLong limitNow() {
        return timetable.limitAt(LocalDateTime.now(clock));
    }

    public long bytesPassed() {
        return bytesPassed.get();
    }

    /**
     * Counts {@code bytes} as sent and answers how long the sender must wait (ns) for the scope to be back under its
     * limit. The caller waits the longest of its limits' answers: waiting for each in turn would add them up.
     */
    public long charge(long bytes) {
        bytesPassed.addAndGet(bytes);
        OptionalLong limit = limitNow();
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (limit.isEmpty()) {
                tokens = 0;
                lastRefillNanos = now;
                return 0;
            }
            long rate = limit.getAsLong();
            double burst = Math.max(MIN_BURST_BYTES, rate * (BURST_NANOS / 1e9));
            tokens = Math.min(burst, tokens + rate * ((now - lastRefillNanos) / 1e9));
            lastRefillNanos = now;
            tokens -= bytes;
            return tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9);
        }
    }

    @Override
    public String toString() {
        return "Bandwidth[" + scope + " " + key + ": " + timetable + "]";
    }
}
