package backupsync.storage.ssh;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The last bytes handed to a remote write, kept until the host has surely written them: after a reconnect the write
 * resumes from the size of the host's file, which lies at most a window's worth of unacknowledged writes behind
 * what was handed. A ring of fixed size, so memory stays bounded whatever the file.
 */
final class ReplayBuffer {
    private final byte[] ring;
    /** Bytes handed so far: the ring holds [end - min(end, capacity), end). */
    private long end;
    /** Where the bytes handed to this buffer began ({@link #skipTo}): nothing before it was ever kept. */
    private long first;

    ReplayBuffer(int capacity) {
        this.ring = new byte[capacity];
    }

    /** Where the kept bytes start: a resume from before this offset cannot be served. */
    long start() {
        return Math.max(first, end - ring.length);
    }

    long end() {
        return end;
    }

    /** Starts counting at {@code offset} (a write that resumes a file already that long on the host). */
    void skipTo(long offset) {
        end = offset;
        first = offset;
    }

    void append(byte[] bytes, int offset, int length) {
        if (length >= ring.length) {
            // Only the last capacity bytes stay; the byte at offset (end - capacity) goes to index end % capacity.
            end += length;
            int at = (int) (end % ring.length);
            int last = offset + length - ring.length;
            System.arraycopy(bytes, last, ring, at, ring.length - at);
            System.arraycopy(bytes, last + ring.length - at, ring, 0, at);
            return;
        }
        int at = (int) (end % ring.length);
        int first = Math.min(length, ring.length - at);
        System.arraycopy(bytes, offset, ring, at, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        end += length;
    }

    /** Writes the kept bytes from {@code from} to the end into {@code out}. */
    void replay(long from, OutputStream out) throws IOException {
        if (from < start() || from > end) {
            throw new IllegalArgumentException("bytes " + from + ".." + end + " are not kept (kept from " + start() + ")");
        }
        long remaining = end - from;
        int at = (int) (from % ring.length);
        while (remaining > 0) {
            int n = (int) Math.min(remaining, ring.length - at);
            out.write(ring, at, n);
            remaining -= n;
            at = (at + n) % ring.length;
        }
    }
}
