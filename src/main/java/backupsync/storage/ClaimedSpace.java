package backupsync.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The free space of one store that this node's copies in flight still need. Free space alone was not enough:
 * two copies that each fitted passed the check together, then both ran out of room half-way. A claim counts
 * only what its copy has still to write. Claims are per node: another node's copies to the same store are not
 * seen, and such a race still ends as a clean "destination is full" failure.
 */
public final class ClaimedSpace {
    private final Set<Claim> claims = new HashSet<>();

    /** Claims room for {@code bytes} written to {@code temporary}; null when the other claims leave too little. */
    public synchronized Claim claim(long usableBytes, Path temporary, long bytes) {
        if (usableBytes - stillNeeded() < bytes) {
            return null;
        }
        Claim claim = new Claim(temporary, bytes);
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
        private final Path temporary;
        private final long bytes;

        private Claim(Path temporary, long bytes) {
            this.temporary = temporary;
            this.bytes = bytes;
        }

        private long stillToWrite() {
            try {
                return Math.max(0, bytes - Files.size(temporary));
            } catch (IOException notCreatedYet) {
                return bytes;
            }
        }

        @Override
        public void close() {
            release(this);
        }
    }
}
