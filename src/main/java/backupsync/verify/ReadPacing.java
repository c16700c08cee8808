package backupsync.verify;

import java.util.function.LongSupplier;

import backupsync.bandwidth.ThrottledInputStream;

/**
 * The time source and the wait a verify run's read limit uses: the system's, or a test's virtual clock that only the
 * waits advance (bound in the registry as {@value #BEAN}), so the rate a run keeps is measured without a wall clock.
 */
public record ReadPacing(LongSupplier nanoTime, ThrottledInputStream.Sleeper sleeper) {
    public static final String BEAN = "verifyReadPacing";
    public static final ReadPacing SYSTEM = new ReadPacing(System::nanoTime, ThrottledInputStream.THREAD_SLEEP);
}
