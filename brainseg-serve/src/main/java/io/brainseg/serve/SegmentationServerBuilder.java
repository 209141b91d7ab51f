package io.brainseg.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds a {@link SegmentationServer}; get one from {@link SegmentationServer#builder()}. Every
 * setting has a safe default (loopback, bounded bodies, queues and zip sizes); {@link #build()}
 * checks them all and names the first invalid one.
 */
public final class SegmentationServerBuilder {
    SliceSegmenter segmenter;
    String host = "127.0.0.1";
    int port = 8080;
    int maxBatch = 8;
    long maxWaitMillis = 5;
    int queueCapacity = 64;
    int threads = 32;
    long maxBodyBytes = 8L << 20;
    long maxPatientBodyBytes = 256L << 20;
    int maxImageSide = 1024;
    int sizeMultiple = 16;
    int maxZipEntries = 1000;
    long maxZipBytes = 512L << 20;
    int connectivity = 26;
    Path tokenFile;
    List<String> corsOrigins = List.of();
    Duration requestTimeout = Duration.ofSeconds(120);
    Duration shutdownTimeout = Duration.ofSeconds(30);
    Supplier<String> readiness = () -> null;

    SegmentationServerBuilder() {}

    /**
     * Sets what runs the model, usually a {@link PredictorSegmenter}.
     *
     * @param segmenter the segmenter
     * @return this builder
     */
    public SegmentationServerBuilder setSegmenter(SliceSegmenter segmenter) {
        this.segmenter = segmenter;
        return this;
    }

    /**
     * Sets the address to bind (default {@code 127.0.0.1}, loopback only; {@code 0.0.0.0} listens on
     * every interface — put a TLS proxy in front).
     *
     * @param host an address or host name
     * @return this builder
     */
    public SegmentationServerBuilder optHost(String host) {
        this.host = host;
        return this;
    }

    /**
     * Sets the port (default 8080; 0 picks a free one, see {@link SegmentationServer#getPort()}).
     *
     * @param port 0..65535
     * @return this builder
     */
    public SegmentationServerBuilder optPort(int port) {
        this.port = port;
        return this;
    }

    /**
     * Sets the most slices run in one forward pass (default 8; 1 turns batching off).
     *
     * @param maxBatch at least 1
     * @return this builder
     */
    public SegmentationServerBuilder optMaxBatch(int maxBatch) {
        this.maxBatch = maxBatch;
        return this;
    }

    /**
     * Sets how long the first slice of a batch waits for others (default 5 ms): the latency
     * paid at low load for throughput at high load.
     *
     * @param maxWaitMillis at least 0
     * @return this builder
     */
    public SegmentationServerBuilder optMaxWaitMillis(long maxWaitMillis) {
        this.maxWaitMillis = maxWaitMillis;
        return this;
    }

    /**
     * Sets how many slices may wait for a forward pass (default 64); more are refused with 503.
     *
     * @param queueCapacity at least {@code maxBatch}
     * @return this builder
     */
    public SegmentationServerBuilder optQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
        return this;
    }

    /**
     * Sets the most HTTP worker threads (default 32).
     *
     * @param threads at least 4
     * @return this builder
     */
    public SegmentationServerBuilder optThreads(int threads) {
        this.threads = threads;
        return this;
    }

    /**
     * Sets the largest body of a single-slice request (default 8 MiB; a 256×256 RGB TIFF is
     * 197 kB).
     *
     * @param bytes at least 1 kB
     * @return this builder
     */
    public SegmentationServerBuilder optMaxBodyBytes(long bytes) {
        this.maxBodyBytes = bytes;
        return this;
    }

    /**
     * Sets the largest body of a patient request (default 256 MiB).
     *
     * @param bytes at least 1 kB
     * @return this builder
     */
    public SegmentationServerBuilder optMaxPatientBodyBytes(long bytes) {
        this.maxPatientBodyBytes = bytes;
        return this;
    }

    /**
     * Sets the largest width or height accepted (default 1024).
     *
     * @param side at least {@code sizeMultiple}
     * @return this builder
     */
    public SegmentationServerBuilder optMaxImageSide(int side) {
        this.maxImageSide = side;
        return this;
    }

    /**
     * Sets the number both sides must be multiples of (default 16, for a UNet with four
     * stride-2 levels; 1 accepts any size).
     *
     * @param multiple at least 1
     * @return this builder
     */
    public SegmentationServerBuilder optSizeMultiple(int multiple) {
        this.sizeMultiple = multiple;
        return this;
    }

    /**
     * Sets the most entries a patient zip may hold (default 1000; a kaggle_3m patient has at most
     * 88 slices and as many masks).
     *
     * @param entries at least 1
     * @return this builder
     */
    public SegmentationServerBuilder optMaxZipEntries(int entries) {
        this.maxZipEntries = entries;
        return this;
    }

    /**
     * Sets the most bytes a patient zip may inflate to (default 512 MiB).
     *
     * @param bytes at least 1 kB
     * @return this builder
     */
    public SegmentationServerBuilder optMaxZipBytes(long bytes) {
        this.maxZipBytes = bytes;
        return this;
    }

    /**
     * Sets the 3-D connectivity of the largest-component filter on patients: 6 or 26 (default,
     * as {@code evaluate}).
     *
     * @param connectivity 6 or 26
     * @return this builder
     */
    public SegmentationServerBuilder optConnectivity(int connectivity) {
        this.connectivity = connectivity;
        return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on {@code /v1/*} and {@code /metrics}, the
     * token being the file's first line (at least 16 characters).
     *
     * @param tokenFile the file, or null for no authentication (default)
     * @return this builder
     */
    public SegmentationServerBuilder optTokenFile(Path tokenFile) {
        this.tokenFile = tokenFile;
        return this;
    }

    /**
     * Allows cross-origin requests from these origins (default none: no CORS headers at all).
     *
     * @param origins origins such as {@code https://viewer.example.org}
     * @return this builder
     */
    public SegmentationServerBuilder optCorsOrigins(List<String> origins) {
        this.corsOrigins = List.copyOf(origins);
        return this;
    }

    /**
     * Sets how long a request waits for its forward pass before 503 (default 120 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public SegmentationServerBuilder optRequestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /**
     * Sets how long {@link SegmentationServer#close()} waits for requests in flight (default 30 s).
     *
     * @param timeout not negative
     * @return this builder
     */
    public SegmentationServerBuilder optShutdownTimeout(Duration timeout) {
        this.shutdownTimeout = timeout;
        return this;
    }

    /**
     * Adds a readiness check run once at start after the engine probe (for example an engine
     * workaround's probe): it returns null when ready, else the reason {@code /ready} reports.
     *
     * @param check the check
     * @return this builder
     */
    public SegmentationServerBuilder optReadinessCheck(Supplier<String> check) {
        this.readiness = Objects.requireNonNull(check, "check");
        return this;
    }

    /**
     * Validates the settings and builds the server (not yet listening: call
     * {@link SegmentationServer#start()}).
     *
     * @return the server
     * @throws IllegalArgumentException naming the first invalid setting and its value
     */
    public SegmentationServer build() {
        if (segmenter == null) {
            throw new IllegalArgumentException("segmenter is required: call setSegmenter(...)");
        }
        check(host != null && !host.isBlank(), "host", host);
        check(port >= 0 && port <= 65535, "port", port);
        check(maxBatch >= 1, "maxBatch", maxBatch);
        check(maxWaitMillis >= 0, "maxWaitMillis", maxWaitMillis);
        check(queueCapacity >= maxBatch, "queueCapacity (must be >= maxBatch " + maxBatch + ")", queueCapacity);
        check(threads >= 4, "threads", threads);
        check(maxBodyBytes >= 1024, "maxBodyBytes", maxBodyBytes);
        check(maxPatientBodyBytes >= 1024, "maxPatientBodyBytes", maxPatientBodyBytes);
        check(sizeMultiple >= 1, "sizeMultiple", sizeMultiple);
        check(maxImageSide >= sizeMultiple, "maxImageSide", maxImageSide);
        check(maxZipEntries >= 1, "maxZipEntries", maxZipEntries);
        check(maxZipBytes >= 1024, "maxZipBytes", maxZipBytes);
        check(connectivity == 6 || connectivity == 26, "connectivity", connectivity);
        check(
                requestTimeout != null && !requestTimeout.isNegative() && !requestTimeout.isZero(),
                "requestTimeout",
                requestTimeout);
        check(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdownTimeout", shutdownTimeout);
        return new SegmentationServer(this);
    }

    private static void check(boolean ok, String setting, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(setting + " is invalid: " + value);
        }
    }
}
