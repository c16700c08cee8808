package backupsync.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

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

    /**
     * @param written how many bytes the writer has written so far
     * @param durable told, after each flush, how many bytes the flush made durable (those written before it began)
     */
    public static WriteBehind start(ScheduledExecutorService scheduler, Path file, long periodMs, LongSupplier written,
                                    LongConsumer durable) {
        return new WriteBehind(scheduler.scheduleWithFixedDelay(() -> flush(file, written, durable), periodMs, periodMs,
                TimeUnit.MILLISECONDS));
    }

    private static void flush(Path file, LongSupplier written, LongConsumer durable) {
        long before = written.getAsLong();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(false);
            durable.accept(before);
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
