package backupsync.auth;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions this node checked in the last few seconds, so a busy caller's requests do not each read SessionVO.
 * A cached session still ends at its expiredDate to the second; what the cache can miss for at most
 * {@code ttlSeconds} is a session deleted or an account disabled behind this node's back (ZStack's own logout,
 * another tool). A ttl of 0 turns the cache off.
 */
public class SessionCache {
    /** Beyond this many sessions the cache starts over rather than grow: a flood of logins costs queries, not memory. */
    private static final int MAX_SESSIONS = 10_000;

    private record Entry(Caller caller, Instant expiredDate, Instant checkAgainAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlSeconds;

    public SessionCache(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    /** The caller of a session checked less than the ttl ago and not expired at {@code now}; null otherwise. */
    public Caller get(String sessionUuid, Instant now) {
        Entry entry = entries.get(sessionUuid);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.checkAgainAt()) || !now.isBefore(entry.expiredDate())) {
            entries.remove(sessionUuid, entry);
            return null;
        }
        return entry.caller();
    }

    /** A session logged out: this node stops trusting it at once. */
    public void remove(String sessionUuid) {
        entries.remove(sessionUuid);
    }

    public void put(Caller caller, Instant expiredDate) {
        if (ttlSeconds <= 0) {
            return;
        }
        if (entries.size() >= MAX_SESSIONS) {
            entries.clear();
        }
        entries.put(caller.sessionUuid(), new Entry(caller, expiredDate, Instant.now().plusSeconds(ttlSeconds)));
    }
}
