package backupsync.storage;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The free space of one store that this node's copies in flight still need. Free space alone was not enough:
 * two copies that each fitted passed the check together, then both ran out of room half-way. A claim counts
 * only what its copy has still to write. Claims are per node: another node's copies to the same store are not
 * seen, and such a race still ends as a clean "destination is full" failure.
 */
public final class ClaimedSpace {
    private final Set<Claim> claims = new HashSet<>();

    /**
     * Claims room for {@code bytes} of a copy that has written {@code written} so far (its staged write's
     * bytesWritten); null when the other claims leave too little.
     */
    public synchronized Claim claim(long usableBytes, LongSupplier written, long bytes) {
        if (usableBytes - stillNeeded() < bytes) {
            return null;
        }
        Claim claim = new Claim(written, bytes);
        claims.add(claim);
        return claim;
    }

    /** What the copies in flight have still to write. */
    public synchronized long stillNeeded() {
        return claims.stream().mapToLong(Claim::stillToWrite).sum();
    }

    private synchronized void release(Claim claim) {
        claims.remove(claim);
    }

    /** Released when its copy has stopped writing, whether it succeeded or not. */
    public final class Claim implements AutoCloseable {
        private final LongSupplier written;
        private final long bytes;

        private Claim(LongSupplier written, long bytes) {
            this.written = written;
            this.bytes = bytes;
        }

        private long stillToWrite() {
            return Math.max(0, bytes - written.getAsLong());
        }

        @Override
        public void close() {
            release(this);
        }
    }
}
