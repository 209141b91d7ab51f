package io.brainseg.benchmarks.serve;

import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.data.PlanarImage;
import io.brainseg.data.SyntheticLgg;
import io.brainseg.data.TiffIO;
import io.brainseg.serve.PredictorSegmenter;
import io.brainseg.serve.SegmentationServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Load test of {@code brainseg-serve} (a benchmark program, not a test): starts the server on
 * loopback with a trained run, sends {@code --requests} slice requests ({@code POST /v1/segment},
 * 256×256 synthetic RGB TIFFs as the dataset stores them, mask PNG back) from {@code --clients}
 * concurrent java.net.http clients, and reports errors, latency percentiles and throughput — with
 * dynamic batching on ({@code --max-batch}) and off (max batch 1), alternating the two variants
 * over {@code --rounds} rounds in one JVM, and beside them the slices/s of the predictor called
 * directly without HTTP (batch {@code --max-batch} and batch 1, one thread, for at most a quarter of
 * {@code --max-seconds} each). Bounded: every variant stops
 * sending once {@code --max-seconds} have passed (the shortfall is reported).
 *
 * <pre>
 * java -Dai.djl.offline=true -cp ... io.brainseg.benchmarks.serve.ServeLoad --run work/quickstart/runs/quickstart-...
 *      [--requests 2000] [--clients 32] [--max-batch 8] [--max-wait-ms 5] [--rounds 1] [--max-seconds 300]
 * </pre>
 * Prints a Markdown table for {@code docs/benchmarks.md}.
 */
public final class ServeLoad {

    private ServeLoad() {}

    /** One variant's figures. */
    private record Result(String variant, int sent, int errors, double seconds, long[] latencies) {
        double percentile(double q) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            long[] s = latencies.clone();
            Arrays.sort(s);
            int rank = (int) Math.ceil(q * s.length) - 1;
            return s[Math.max(0, Math.min(s.length - 1, rank))] / 1e6;
        }

        double throughput() {
            return (sent - errors) / seconds;
        }
    }

    /**
     * Runs the load test.
     *
     * @param args see the class comment
     * @throws Exception if the run cannot be loaded or the server cannot start
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        Path run = null;
        int requests = 2000;
        int clients = 32;
        int maxBatch = 8;
        long maxWait = 5;
        int rounds = 1;
        double maxSeconds = 300;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--run" -> run = Path.of(v);
                case "--requests" -> requests = Integer.parseInt(v);
                case "--clients" -> clients = Integer.parseInt(v);
                case "--max-batch" -> maxBatch = Integer.parseInt(v);
                case "--max-wait-ms" -> maxWait = Long.parseLong(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--max-seconds" -> maxSeconds = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (run == null) {
            throw new IllegalArgumentException("--run DIR is required");
        }
        List<byte[]> slices = syntheticSlices(16);
        List<Result> results = new ArrayList<>();
        try (SegmentationPredictor predictor = SegmentationPredictor.builder()
                .setCheckpoint(run)
                .optBatchSize(maxBatch)
                .build()) {
            for (int r = 0; r < rounds; r++) {
                // Alternate the order per round so neither variant always runs on a warmer machine.
                int[] batches = r % 2 == 0 ? new int[] {maxBatch, 1} : new int[] {1, maxBatch};
                for (int b : batches) {
                    results.add(serve(predictor, run, b, maxWait, slices, requests, clients, maxSeconds));
                }
                for (boolean worker : new boolean[] {false, true}) {
                    for (int b : new int[] {maxBatch, 1}) {
                        results.add(direct(predictor, run, slices, b, Math.min(requests, 400), maxSeconds / 4, worker));
                    }
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "| variant | requests | errors | p50 ms | p95 ms | p99 ms | slices/s |%n");
        System.out.printf(Locale.ROOT, "|---|---:|---:|---:|---:|---:|---:|%n");
        for (Result res : results) {
            if (res.latencies().length == 0) {
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %d | %d | – | – | – | %.1f |%n",
                        res.variant(),
                        res.sent(),
                        res.errors(),
                        res.throughput());
            } else {
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n",
                        res.variant(),
                        res.sent(),
                        res.errors(),
                        res.percentile(0.50),
                        res.percentile(0.95),
                        res.percentile(0.99),
                        res.throughput());
            }
        }
    }

    private static Result serve(
            SegmentationPredictor predictor,
            Path run,
            int maxBatch,
            long maxWait,
            List<byte[]> slices,
            int requests,
            int clients,
            double maxSeconds)
            throws Exception {
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(new PredictorSegmenter(predictor, run))
                .optPort(0)
                .optMaxBatch(maxBatch)
                .optMaxWaitMillis(maxWait)
                .optQueueCapacity(Math.max(64, 2 * clients))
                .optThreads(clients + 8)
                .build()
                .start()) {
            HttpClient client = HttpClient.newBuilder()
                    .executor(Executors.newFixedThreadPool(4))
                    .build();
            URI uri = URI.create("http://127.0.0.1:" + server.getPort() + "/v1/segment");
            // Warm-up, not counted: the first passes allocate the engine's buffers.
            drive(client, uri, slices, 2 * clients, clients, Double.MAX_VALUE);
            long start = System.nanoTime();
            Object[] out = drive(client, uri, slices, requests, clients, maxSeconds);
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] lat = (long[]) out[0];
            String name = maxBatch == 1
                    ? "server, batching off (max batch 1)"
                    : "server, dynamic batching (max batch " + maxBatch + ", wait " + maxWait + " ms)";
            return new Result(name, lat.length, (Integer) out[1], seconds, lat);
        }
    }

    /** Sends up to {@code n} requests from {@code clients} threads; returns latencies (ns) and errors. */
    private static Object[] drive(
            HttpClient client, URI uri, List<byte[]> slices, int n, int clients, double maxSeconds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] latencies = new long[n];
        Arrays.fill(latencies, -1);
        long deadline = System.nanoTime() + (long) Math.min(maxSeconds * 1e9, Long.MAX_VALUE / 2.0);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n && System.nanoTime() < deadline) {
                    HttpRequest req = HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(120))
                            .header("Content-Type", "image/tiff")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(slices.get(i % slices.size())))
                            .build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return new Object[] {Arrays.stream(latencies).filter(v -> v >= 0).toArray(), errors.get()};
    }

    /**
     * The same forward passes without HTTP: {@link PredictorSegmenter#probabilities} (the predictor's
     * {@code predictProbabilities} on one uint8 batch), as the server's batcher calls it, for
     * {@code n} slices or {@code maxSeconds}, whichever comes first; on the main thread, or on a new
     * thread as the server's batcher runs.
     */
    private static Result direct(
            SegmentationPredictor predictor,
            Path run,
            List<byte[]> slices,
            int batch,
            int n,
            double maxSeconds,
            boolean onWorkerThread)
            throws Exception {
        if (onWorkerThread) {
            // As the server's batcher does: the forward passes on a thread of their own.
            ExecutorService one = Executors.newSingleThreadExecutor();
            try {
                Result r = one.submit(() -> direct(predictor, run, slices, batch, n, maxSeconds, false))
                        .get();
                return new Result(
                        r.variant().replace("main thread", "a new thread"), r.sent(), 0, r.seconds(), r.latencies());
            } finally {
                one.shutdown();
            }
        }
        PredictorSegmenter segmenter = new PredictorSegmenter(predictor, run);
        List<PlanarImage> images = new ArrayList<>();
        for (byte[] s : slices) {
            images.add(TiffIO.read(s, "synthetic slice"));
        }
        segmenter.probabilities(images.subList(0, batch)); // warm-up
        int done = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (maxSeconds * 1e9);
        while (done < n && System.nanoTime() < deadline) {
            List<PlanarImage> part = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                part.add(images.get((done + i) % images.size()));
            }
            segmenter.probabilities(part);
            done += batch;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(
                "predictor called directly, batch " + batch + " (main thread, no HTTP)", done, 0, seconds, new long[0]);
    }

    private static List<byte[]> syntheticSlices(int n) throws IOException {
        Path dir = Files.createTempDirectory("brainseg-load");
        try {
            Path root = SyntheticLgg.builder()
                    .optPatients(1)
                    .optSlicesPerPatient(n)
                    .optSize(256)
                    .optSeed(5)
                    .build()
                    .write(dir);
            String id = SyntheticLgg.patientId(0);
            List<byte[]> out = new ArrayList<>();
            for (int s = 1; s <= n; s++) {
                out.add(Files.readAllBytes(root.resolve(id).resolve(id + "_" + s + ".tif")));
            }
            return out;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
