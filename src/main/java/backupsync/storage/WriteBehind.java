package backupsync.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Flushes a file being written to disk every few hundred milliseconds, so the disk works while the copy goes on
 * and the final fsync before the rename has little left to do. fsync is per file, so another descriptor will do.
 */
public final class WriteBehind implements AutoCloseable {
    private final ScheduledFuture<?> task;

    private WriteBehind(ScheduledFuture<?> task) {
        this.task = task;
    }

    /** For a file written in one go: the fsync before the rename has nothing to wait for. */
    public static final WriteBehind NONE = new WriteBehind(null);

    public static WriteBehind start(ScheduledExecutorService scheduler, Path file, long periodMs) {
        return new WriteBehind(scheduler.scheduleWithFixedDelay(() -> flush(file), periodMs, periodMs, TimeUnit.MILLISECONDS));
    }

    private static void flush(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(false);
        } catch (IOException notThereYetOrGone) {
            // Nothing to flush: the copy has not created the file yet, or it is already renamed or deleted.
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
