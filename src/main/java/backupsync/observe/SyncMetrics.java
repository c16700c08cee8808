package backupsync.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.support.CamelContextHelper;

/**
 * The sync's own Prometheus metrics, in the registry Camel exposes at /observe/metrics:
 * backupsync_syncs_total{door,outcome,code}, backupsync_copied_bytes_total, backupsync_sync_duration_seconds,
 * backupsync_copy_throughput_bytes_per_second and backupsync_syncs_in_progress, and the gauges other parts add.
 * Every one has a description: Prometheus's HELP line.
 */
public class SyncMetrics {
    /**
     * Throughput buckets, 1 MB/s to 10 GB/s in 1-2-5 steps: from a slow WAN link to a local NVMe copy. Micrometer's
     * percentile histogram had ~276 buckets up to 4e18 B/s, nearly all of them empty in every scrape.
     */
    static final double[] THROUGHPUT_BUCKETS = {1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8, 2e8, 5e8, 1e9, 2e9, 5e9, 1e10};
    private final CamelContext context;
    private final Supplier<Number> inFlight;
    private final List<Gauge.Builder<Supplier<Number>>> gauges = new ArrayList<>();
    private volatile MeterRegistry registry;

    public SyncMetrics(CamelContext context, Supplier<Number> inFlight) {
        this.context = context;
        this.inFlight = inFlight;
    }

    /** Camel creates its Prometheus registry while starting: look it up when the first sync needs it. */
    private synchronized MeterRegistry registry() {
        if (registry == null) {
            registry = CamelContextHelper.findSingleByType(context, MeterRegistry.class);
            if (registry != null) {
                Gauge.builder("backupsync.syncs.in.progress", inFlight, supplier -> supplier.get().doubleValue())
                        .description("Syncs under way on this node, whatever their door").strongReference(true)
                        .register(registry);
                gauges.forEach(gauge -> gauge.register(registry));
            }
        }
        return registry;
    }

    /** A gauge read at every scrape; registered with the others once Camel's registry exists. */
    public void gauge(String name, String description, Supplier<Number> value) {
        gauge(name, description, Tags.empty(), value);
    }

    /** A gauge with tags (one per limit, store...), possibly added while the node runs. */
    public synchronized void gauge(String name, String description, Iterable<Tag> tags,
                                   Supplier<Number> value) {
        Gauge.Builder<Supplier<Number>> gauge = Gauge.builder(name, value, supplier -> supplier.get().doubleValue())
                .description(description).tags(tags).strongReference(true);
        gauges.add(gauge);
        if (registry != null) {
            gauge.register(registry);
        }
    }

    /** Adds to a counter (verify runs' copies by store and outcome...); nothing before Camel's registry exists. */
    public void count(String name, String description, Iterable<Tag> tags, double amount) {
        MeterRegistry meters = registry();
        if (meters != null) {
            Counter.builder(name).description(description).tags(tags).register(meters).increment(amount);
        }
    }

    /** Makes the gauges visible before the first sync. */
    public void start() {
        registry();
    }

    public void record(String door, String errorCode, long bytesCopied, Duration duration) {
        MeterRegistry meters = registry();
        if (meters == null) {
            return;
        }
        Counter.builder("backupsync.syncs").description("Syncs by door and outcome")
                .tag("door", door).tag("outcome", errorCode == null ? "success" : "failure")
                .tag("code", errorCode == null ? "" : errorCode).register(meters).increment();
        Timer.builder("backupsync.sync.duration").description("Wall time of a sync, from request to answer")
                .tag("door", door).publishPercentileHistogram().register(meters).record(duration);
        if (errorCode == null && bytesCopied > 0) {
            Counter.builder("backupsync.copied.bytes").baseUnit("bytes").description("Bytes copied by committed syncs")
                    .register(meters).increment(bytesCopied);
            double seconds = Math.max(duration.toNanos(), 1) / 1e9;
            DistributionSummary.builder("backupsync.copy.throughput").baseUnit("bytes_per_second")
                    .description("Copy throughput of committed syncs (bytes copied / sync duration)")
                    .serviceLevelObjectives(THROUGHPUT_BUCKETS)
                    .register(meters).record(bytesCopied / seconds);
        }
    }
}
