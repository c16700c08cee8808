package backupsync.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Counts and MD5-hashes the bytes as they stream by, so a copy reads each byte from disk once. The hashing runs on
 * another thread, overlapping the copy's reads and writes; a few chunks in flight bound the memory it takes.
 */
public class HashingInputStream extends FilterInputStream {
    private static final int CHUNKS_IN_FLIGHT = 4;
    private static final Chunk END = new Chunk(new byte[0], 0);

    private record Chunk(byte[] bytes, int length) {
    }

    private final BlockingQueue<Chunk> toHash = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
    private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT + 2);
    private final Future<String> digest;
    /** Set for a small file: hashed on the reading thread, where a hand-over would cost more than the hashing. */
    private final MessageDigest inlineMd5;
    private long count;
    private boolean ended;

    /** Hashes on the reading thread: for files of a buffer or less, which one read takes whole. */
    public static HashingInputStream inline(InputStream in) {
        return new HashingInputStream(in, newMd5());
    }

    private HashingInputStream(InputStream in, MessageDigest inlineMd5) {
        super(in);
        this.inlineMd5 = inlineMd5;
        this.digest = null;
    }

    public HashingInputStream(InputStream in, ExecutorService hashers) {
        super(in);
        this.inlineMd5 = null;
        MessageDigest md5 = newMd5();
        this.digest = hashers.submit(() -> {
            for (Chunk chunk = toHash.take(); chunk != END; chunk = toHash.take()) {
                md5.update(chunk.bytes(), 0, chunk.length());
                spare.offer(chunk.bytes());
            }
            return HexFormat.of().formatHex(md5.digest());
        });
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0 && inlineMd5 != null) {
            inlineMd5.update(buffer, offset, n);
            count += n;
        } else if (n > 0) {
            byte[] chunk = spare.poll();
            if (chunk == null || chunk.length < n) {
                chunk = new byte[Math.max(n, length)];
            }
            System.arraycopy(buffer, offset, chunk, 0, n);
            try {
                toHash.put(new Chunk(chunk, n));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while hashing");
            }
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("skipping would leave bytes out of the checksum");
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            end();
        }
    }

    public long count() {
        return count;
    }

    /** The MD5 of every byte read, once the hashing thread has caught up. */
    public String md5Hex() throws IOException {
        if (inlineMd5 != null) {
            return HexFormat.of().formatHex(inlineMd5.digest());
        }
        end();
        try {
            return digest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the checksum");
        } catch (ExecutionException e) {
            throw new IOException("hashing failed", e.getCause());
        }
    }

    private void end() {
        if (!ended && digest != null) {
            ended = true;
            try {
                toHash.put(END);
            } catch (InterruptedException e) {
                digest.cancel(true);
                Thread.currentThread().interrupt();
            }
        }
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
