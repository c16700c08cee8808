package backupsync.verify;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import backupsync.bandwidth.Bandwidth;
import backupsync.bandwidth.ThrottledInputStream;
import backupsync.storage.BackupStore;
import backupsync.storage.StoreName;

/**
 * Checks one copy where it lies: its size, then its MD5 against metadata.md5. A store that can hash where the file
 * is (a remote one runs md5sum on its host, {@link BackupStore#md5AtStore}) does so, and the run then waits as long
 * as reading those bytes at the limit would have taken; any other store's file is read here through the limit.
 */
public final class CopyChecker {
    public static final String GOOD = "Good";
    public static final String CORRUPT = "Corrupt";
    public static final String MISSING = "Missing";
    public static final String UNREACHABLE = "Unreachable";

    /** What was found; {@code bytesRead} is what the check read (or had hashed on the host). */
    public record Result(String outcome, Long actualSize, String actualMd5, long bytesRead, String details) {
        public boolean isGood() {
            return GOOD.equals(outcome);
        }
    }

    private final int bufferSize;
    private final ReadPacing pacing;

    public CopyChecker(int bufferSize, ReadPacing pacing) {
        this.bufferSize = bufferSize;
        this.pacing = pacing;
    }

    public ReadPacing pacing() {
        return pacing;
    }

    /**
     * @param expectedSize the backup's size (null: not known, not checked)
     * @param expectedMd5  metadata.md5 (null: the size is all there is to check)
     */
    public Result check(BackupStore store, StoreName name, Long expectedSize, String expectedMd5, Bandwidth limit) {
        OptionalLong size;
        try {
            size = store.size(name);
        } catch (IOException | RuntimeException e) {
            return new Result(UNREACHABLE, null, null, 0, "cannot stat %s on %s: %s".formatted(name, store.location(), e.getMessage()));
        }
        if (size.isEmpty()) {
            return new Result(MISSING, null, null, 0, "no file %s on %s".formatted(name, store.location()));
        }
        long actualSize = size.getAsLong();
        if (expectedSize != null && actualSize != expectedSize) {
            return new Result(CORRUPT, actualSize, null, 0, "%s on %s has %d bytes, the backup has %d"
                    .formatted(name, store.location(), actualSize, expectedSize));
        }
        if (expectedMd5 == null) {
            return new Result(GOOD, actualSize, null, 0, "size only: the backup's metadata has no md5");
        }
        String actualMd5;
        try {
            actualMd5 = md5(store, name, actualSize, limit);
        } catch (IOException | RuntimeException e) {
            // Gone between the stat and the read, or the store stopped answering.
            try {
                if (store.size(name).isEmpty()) {
                    return new Result(MISSING, null, null, 0, "no file %s on %s".formatted(name, store.location()));
                }
            } catch (IOException | RuntimeException ignored) {
                // unreachable, said below
            }
            return new Result(UNREACHABLE, actualSize, null, 0, "cannot read %s on %s: %s".formatted(name, store.location(), e.getMessage()));
        }
        if (!expectedMd5.equalsIgnoreCase(actualMd5)) {
            return new Result(CORRUPT, actualSize, actualMd5, actualSize, "%s on %s has md5 %s, the backup's metadata says %s"
                    .formatted(name, store.location(), actualMd5, expectedMd5));
        }
        return new Result(GOOD, actualSize, actualMd5, actualSize, null);
    }

    private String md5(BackupStore store, StoreName name, long size, Bandwidth limit) throws IOException {
        List<Bandwidth> limits = List.of(limit);
        Optional<String> atStore = store.md5AtStore(name);
        if (atStore.isPresent()) {
            // The host read the file at its disk's pace; the next copy waits until the limit is paid for.
            ThrottledInputStream.hold(limits, size, pacing.sleeper());
            return atStore.get().toLowerCase(java.util.Locale.ROOT);
        }
        MessageDigest md5 = newMd5();
        byte[] buffer = new byte[bufferSize];
        try (InputStream in = new ThrottledInputStream(store.openForReading(name, 0), limits, pacing.sleeper())) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
