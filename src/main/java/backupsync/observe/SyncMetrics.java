package backupsync.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.support.CamelContextHelper;

/**
 * The sync's own Prometheus metrics, in the registry Camel exposes at /observe/metrics:
 * backupsync_syncs_total{door,outcome,code}, backupsync_copied_bytes_total, backupsync_sync_duration_seconds,
 * backupsync_copy_throughput_bytes_per_second and backupsync_syncs_in_progress, and the gauges other parts add.
 */
public class SyncMetrics {
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
                registry.gauge("backupsync.syncs.in.progress", inFlight, supplier -> supplier.get().doubleValue());
                gauges.forEach(gauge -> gauge.register(registry));
            }
        }
        return registry;
    }

    /** A gauge read at every scrape; registered with the others once Camel's registry exists. */
    public synchronized void gauge(String name, String description, Supplier<Number> value) {
        Gauge.Builder<Supplier<Number>> gauge = Gauge.builder(name, value, supplier -> supplier.get().doubleValue())
                .description(description).strongReference(true);
        gauges.add(gauge);
        if (registry != null) {
            gauge.register(registry);
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
                    .description("Copy throughput of committed syncs").publishPercentileHistogram()
                    .register(meters).record(bytesCopied / seconds);
        }
    }
}
