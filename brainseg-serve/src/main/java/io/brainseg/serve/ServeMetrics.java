package io.brainseg.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's Micrometer meters, exposed in Prometheus' text format at {@code /metrics}.
 *
 * <pre>
 * brainseg_http_requests_seconds{method,route,status}   request latency (histogram buckets)
 * brainseg_batch_size                                   slices per forward pass (histogram)
 * brainseg_inference_seconds                            time of one forward pass (histogram)
 * brainseg_queue_depth                                  slices waiting for a forward pass
 * brainseg_rejections_total{reason}                     requests refused (queue_full, 4xx types)
 * </pre>
 * Histograms, not client-side percentiles, so that latencies aggregate across instances.
 */
final class ServeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DistributionSummary batchSize;
    private final Timer inference;

    ServeMetrics(int maxBatch) {
        batchSize = DistributionSummary.builder("brainseg.batch.size")
                .description("slices per forward pass")
                .serviceLevelObjectives(batchBuckets(maxBatch))
                .register(registry);
        inference = Timer.builder("brainseg.inference")
                .description("one forward pass of a batch")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    private static double[] batchBuckets(int maxBatch) {
        double[] b = new double[maxBatch];
        for (int i = 0; i < maxBatch; i++) {
            b[i] = i + 1;
        }
        return b;
    }

    /** Registers the queue-depth gauge. */
    void queueDepth(Supplier<Number> depth) {
        Gauge.builder("brainseg.queue.depth", depth)
                .description("slices waiting for a forward pass")
                .register(registry);
    }

    /** Records one answered request. */
    void request(String method, String route, int status, long nanos) {
        Timer.builder("brainseg.http.requests")
                .description("HTTP requests by route and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records one forward pass. */
    void batch(int size, long nanos) {
        batchSize.record(size);
        inference.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts one refusal. */
    void rejection(String reason) {
        Counter.builder("brainseg.rejections")
                .description("requests refused, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** Returns the Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    /** Returns the number of forward passes so far and the slices they held, for tests and logs. */
    double[] batchTotals() {
        return new double[] {batchSize.count(), batchSize.totalAmount()};
    }
}
