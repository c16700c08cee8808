package backupsync.storage.ssh;

import java.io.InputStream;
import java.util.SplittableRandom;

/** {@code size} pseudo-random bytes from a seed, generated as read: a large test file never sits in memory. */
final class RandomBytes extends InputStream {
    private final SplittableRandom random;
    private long left;

    RandomBytes(long seed, long size) {
        this.random = new SplittableRandom(seed);
        this.left = size;
    }

    @Override
    public int read() {
        if (left <= 0) {
            return -1;
        }
        left--;
        return random.nextInt(256);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(length, left);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = (byte) random.nextInt(256);
        }
        left -= n;
        return n;
    }
}
