package backupsync.observe;

import java.util.ArrayDeque;
import java.util.OptionalDouble;

/**
 * The recent rate of one copy, from samples of its bytes done (taken when progress is read or logged, at most every
 * 250 ms) over the last 10 s: a link that slows or stalls shows it within seconds, where the average since the
 * start would hide it. Bytes sent again after a resume are not in bytes done, so they do not count.
 */
final class CopyRate {
    private static final long MIN_SPACING_NANOS = 250_000_000L;
    private static final long WINDOW_NANOS = 10_000_000_000L;
    private static final long MIN_SPAN_NANOS = 1_000_000_000L;

    private record Sample(long nanos, long bytes) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** Bytes per second over the window ending now; empty until samples span a second. */
    synchronized OptionalDouble at(long nowNanos, long bytesDone) {
        Sample last = samples.peekLast();
        if (last == null || nowNanos - last.nanos() >= MIN_SPACING_NANOS) {
            samples.addLast(new Sample(nowNanos, bytesDone));
        }
        // Keep the newest sample older than the window: with a reader every 30 s the rate is that of the 30 s.
        while (samples.size() > 2 && nowNanos - samples.peekFirst().nanos() > WINDOW_NANOS
                && nowNanos - secondOldest().nanos() >= WINDOW_NANOS) {
            samples.removeFirst();
        }
        Sample oldest = samples.peekFirst();
        long span = nowNanos - oldest.nanos();
        if (span < MIN_SPAN_NANOS) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(0, bytesDone - oldest.bytes()) / (span / 1e9));
    }

    private Sample secondOldest() {
        var iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }
}
