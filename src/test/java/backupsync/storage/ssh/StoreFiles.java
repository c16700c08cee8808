package backupsync.storage.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import backupsync.storage.StagedWrite;

/** Small helpers of the SSH store tests: streaming copies and MD5s, and what a directory holds on disk. */
final class StoreFiles {
    private StoreFiles() {
    }

    /** Streams {@code in} into the staged write, in 64 KiB writes, and answers the MD5 of what went in. */
    static String writeAll(StagedWrite write, InputStream in) throws IOException {
        MessageDigest md5 = md5();
        byte[] buffer = new byte[64 * 1024];
        OutputStream out = write.stream();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            md5.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    static String md5Of(InputStream in) throws IOException {
        try (DigestInputStream digesting = new DigestInputStream(in, md5())) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        }
    }

    static String md5Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return md5Of(in);
        }
    }

    static String md5Of(byte[] bytes) {
        return HexFormat.of().formatHex(md5().digest(bytes));
    }

    /** The names in a directory, dot files included; empty when it does not exist. */
    static List<String> namesIn(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
