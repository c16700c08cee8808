package backupsync.config;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work a node does once at start-up, after every bean is bound and before any route starts (load the inventory,
 * undo what the last run left half-done, send owed web hooks), in the order the features register it. One list, so
 * the order is read in one place and each step is logged with its duration.
 */
public final class StartupWork {
    private static final Logger LOG = LoggerFactory.getLogger(StartupWork.class);

    /** One step; may throw, which stops start-up. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private record Named(String name, Step step) {
    }

    private final List<Named> steps = new ArrayList<>();

    public void add(String name, Step step) {
        steps.add(new Named(name, step));
    }

    public void runAll() throws Exception {
        for (Named named : steps) {
            long start = System.nanoTime();
            named.step().run();
            LOG.info("start-up: {} ({} ms)", named.name(), (System.nanoTime() - start) / 1_000_000);
        }
    }
}
