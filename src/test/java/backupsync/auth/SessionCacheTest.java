package backupsync.auth;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCacheTest {
    private static final Caller CALLER = new Caller("a".repeat(32), "tenant", "Normal", "5".repeat(32));

    @Test
    void aCheckedSessionIsTrustedUntilItsTtl() {
        SessionCache cache = new SessionCache(5);
        Instant now = Instant.now();
        cache.put(CALLER, now.plusSeconds(3600));
        assertThat(cache.get(CALLER.sessionUuid(), now.plusSeconds(4))).isEqualTo(CALLER);
        assertThat(cache.get(CALLER.sessionUuid(), now.plusSeconds(6))).as("read SessionVO again after the ttl").isNull();
        assertThat(cache.get(CALLER.sessionUuid(), now)).as("and forgotten until then").isNull();
    }

    @Test
    void aCachedSessionStillEndsAtItsExpiredDate() {
        SessionCache cache = new SessionCache(5);
        Instant now = Instant.now();
        cache.put(CALLER, now.plusSeconds(1));
        assertThat(cache.get(CALLER.sessionUuid(), now)).isEqualTo(CALLER);
        assertThat(cache.get(CALLER.sessionUuid(), now.plusSeconds(1))).isNull();
    }

    @Test
    void aTtlOfZeroCachesNothing() {
        SessionCache cache = new SessionCache(0);
        cache.put(CALLER, Instant.now().plusSeconds(3600));
        assertThat(cache.get(CALLER.sessionUuid(), Instant.now())).isNull();
    }

    @Test
    void unknownSessionsAreNotFound() {
        SessionCache cache = new SessionCache(5);
        cache.put(CALLER, Instant.now().plusSeconds(3600));
        assertThat(cache.get("6".repeat(32), Instant.now())).isNull();
    }
}
