package backupsync.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import backupsync.storage.BackupStore;
import backupsync.storage.HashingInputStream;
import backupsync.storage.StoreName;

/** The MD5 of a source file as it is now: hashed on its host where the store can, else read through this node. */
final class SourceMd5 {
    private static final int BUFFER_BYTES = 1 << 20;

    private SourceMd5() {
    }

    static String of(BackupStore store, StoreName name) throws IOException {
        Optional<String> atStore = store.md5AtStore(name);
        if (atStore.isPresent()) {
            return atStore.get();
        }
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = store.openForReading(name, 0); HashingInputStream hashed = HashingInputStream.inline(in)) {
            while (hashed.read(buffer) >= 0) {
                // hashing as it reads
            }
            return hashed.md5Hex();
        }
    }
}
