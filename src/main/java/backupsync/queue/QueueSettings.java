package backupsync.queue;

import backupsync.config.Settings;

/**
 * {@code backupsync.queue.*}: the queue door's queues, consumers and redelivery. The YAML route reads the same keys
 * through Camel's placeholders; they are bound here first so a bad value stops start-up with its name.
 */
public record QueueSettings(String requests, String deadLetter, int concurrentConsumers, int maximumRedeliveries,
                            long redeliveryDelayMs, int backoffMultiplier, long maximumRedeliveryDelayMs,
                            int embeddedMaxDeliveryAttempts) {

    public static QueueSettings from(Settings settings) {
        return new QueueSettings(
                settings.text("backupsync.queue.requests"),
                settings.text("backupsync.queue.dead-letter"),
                settings.integer("backupsync.queue.concurrent-consumers", 1, 1024),
                settings.integer("backupsync.queue.maximum-redeliveries", 0, 1_000_000),
                settings.number("backupsync.queue.redelivery-delay", 0, 86_400_000),
                settings.integer("backupsync.queue.backoff-multiplier", 1, 100),
                settings.number("backupsync.queue.maximum-redelivery-delay", 0, 86_400_000),
                settings.integer("backupsync.broker.embedded.max-delivery-attempts", 1, 1_000_000));
    }
}
