package backupsync.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The shared token bucket: a copy never goes faster than its limit; the timetable's hour is read from the clock. */
class BandwidthTest {
    private static final long MIB = 1 << 20;

    /** A clock a test moves by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(LocalDateTime start) {
            this.now = start.toInstant(ZoneOffset.UTC);
        }

        void set(LocalDateTime time) {
            now = time.toInstant(ZoneOffset.UTC);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theLimitFollowsTheTimetableAcrossABoundaryOnAnInjectedClock() {
        MovableClock clock = new MovableClock(LocalDateTime.of(2026, 11, 30, 7, 59, 59));
        Bandwidth store = new Bandwidth("backup-storage", "s", Timetable.parse("Mon-Fri 08:00,10M 18:00,off"), clock);
        assertThat(store.limitNow()).isEmpty();
        assertThat(store.charge(100 * MIB)).as("off: no wait, whatever the bytes").isZero();
        clock.set(LocalDateTime.of(2026, 11, 30, 8, 0));
        assertThat(store.limitNow()).hasValue(10 * MIB);
        assertThat(store.charge(20 * MIB)).as("20 MiB at 10 MiB/s: about two seconds of debt")
                .isBetween(1_900_000_000L, 2_000_000_000L);
        clock.set(LocalDateTime.of(2026, 11, 30, 18, 0));
        assertThat(store.charge(20 * MIB)).isZero();
        store.setTimetable(Timetable.parse("1M"));
        assertThat(store.limitNow()).hasValue(MIB);
        assertThat(store.bytesPassed()).isEqualTo(140 * MIB);
    }

    @Test
    void twoLimitsOnOneCopyHoldItToTheLowerNotToTheirSum() {
        Clock clock = Clock.systemUTC();
        Bandwidth node = new Bandwidth("node", "n", Timetable.parse("8M"), clock);
        Bandwidth store = new Bandwidth("backup-storage", "s", Timetable.parse("4M"), clock);
        long wait = 0;
        for (Bandwidth limit : List.of(node, store)) {
            wait = Math.max(wait, limit.charge(4 * MIB));
        }
        // The store's second, not the store's plus the node's half.
        assertThat(wait).isBetween(900_000_000L, 1_000_000_000L);
    }

    /** Never faster than the limit plus its burst, over any window of a second or more (load only slows it). */
    @Test
    void aThrottledReadStaysUnderItsLimitInEveryWindow() throws IOException {
        long rate = 4 * MIB;
        Bandwidth limit = new Bandwidth("node", "n", Timetable.parse("4M"), Clock.systemUTC());
        byte[] source = new byte[(int) (10 * MIB)];
        List<long[]> reads = new ArrayList<>();
        long start = System.nanoTime();
        try (InputStream in = new ThrottledInputStream(new ByteArrayInputStream(source), List.of(limit))) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                reads.add(new long[] {System.nanoTime() - start, n});
            }
        }
        long total = reads.stream().mapToLong(read -> read[1]).sum();
        assertThat(total).isEqualTo(source.length);
        long burst = Math.max(64 * 1024, rate / 20);
        for (long[] from : reads) {
            for (long windowNanos : new long[] {1_000_000_000L, 2_000_000_000L}) {
                long inWindow = reads.stream().filter(read -> read[0] > from[0] && read[0] <= from[0] + windowNanos)
                        .mapToLong(read -> read[1]).sum();
                assertThat(inWindow).as("bytes read within %d ms after %d ms", windowNanos / 1_000_000, from[0] / 1_000_000)
                        .isLessThanOrEqualTo((long) (rate * (windowNanos / 1e9) + burst + buffer(reads)));
            }
        }
        assertThat(System.nanoTime() - start).as("10 MiB at 4 MiB/s").isGreaterThanOrEqualTo(2_300_000_000L);
    }

    private static long buffer(List<long[]> reads) {
        return reads.get(0)[1];
    }
}
