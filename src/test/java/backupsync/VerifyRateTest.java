package backupsync;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.ServiceRunner;
import backupsync.support.Verify;
import backupsync.verify.ReadPacing;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 copies verified at a configured read rate stay within 10 % of it. No wall clock: the service runs its read
 * limit on a virtual clock (bound as verifyReadPacing) that only the limit's waits advance, so the run's bytes over
 * the virtual time it took is exactly the rate the throttle let through, however fast this machine reads.
 */
class VerifyRateTest {
    static final String POLICY = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e11";
    static final int COPIES = 1000;
    static final long SIZE = 4096;
    /** 1 MiB/s: about 4 virtual seconds for the 4 MB, so the 64 KiB burst is under 2 % of it. */
    static final long RATE = 1L << 20;
    @TempDir
    Path tmp;

    /** Virtual nanoseconds: the only way they pass is a wait of the read limit. Every wait is kept. */
    static final class VirtualClock {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        final List<Long> waits = new CopyOnWriteArrayList<>();

        ReadPacing pacing() {
            return new ReadPacing(nanos::get, wait -> {
                waits.add(wait);
                nanos.addAndGet(wait);
            });
        }
    }

    @Test
    void aThousandCopiesAreVerifiedWithinTenPercentOfTheReadRate() throws Exception {
        Fixture fixture = new Fixture(tmp);
        for (int i = 0; i < COPIES; i++) {
            fixture.backupAlreadyOnDr(SIZE);
        }
        fixture.verifyPolicy("uuid: %s, name: dr-at-1M, backupStorageUuid: %s, schedule: %s, readRateLimit: '%db'"
                .formatted(POLICY, fixture.drUuid, Verify.NEVER, RATE));
        VirtualClock clock = new VirtualClock();
        try (ServiceRunner service = fixture.service().bind(ReadPacing.BEAN, clock.pacing()).start()) {
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            long start = clock.nanos.get();

            JsonNode report = Verify.run(http, admin, POLICY);

            assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("Succeeded");
            assertThat(report.get("good").asLong()).isEqualTo(COPIES);
            long bytes = report.get("bytes").asLong();
            assertThat(bytes).isEqualTo(COPIES * SIZE);
            double seconds = (clock.nanos.get() - start) / 1e9;
            assertThat(seconds).as("the limit made the run wait").isPositive();
            double rate = bytes / seconds;
            assertThat(rate).as("bytes per virtual second").isBetween(RATE * 0.9, RATE * 1.1);
            // Held all along, not in one wait at the end: no virtual second of the run saw much more than the rate.
            assertThat(clock.waits).hasSizeGreaterThan(COPIES / 2);
            assertThat(clock.waits.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .as("no wait longer than the time one copy takes at the rate").isLessThanOrEqualTo((long) (SIZE * 1e9 / RATE) + 1);
        }
    }
}
