package io.brainseg.examples;

import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.serve.PredictorSegmenter;
import io.brainseg.serve.SegmentationServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brainseg serve}: serves a trained run over HTTP ({@link SegmentationServer}: slice and
 * patient segmentation, dynamic batching, metrics, a web page at {@code /}) until the process is
 * interrupted (Ctrl-C stops it gracefully: requests in flight are answered first). Binds to
 * loopback unless {@code --host} says otherwise. See {@code docs/serving.md}.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve a trained run over HTTP (POST /v1/segment, a web page at /) until interrupted.")
public final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private RunOption runOption;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, loopback only; 0.0.0.0 for every interface).")
    private String host;

    @Option(
            names = "--max-batch",
            defaultValue = "8",
            description = "Most slices per forward pass; 1 turns dynamic batching off (default: ${DEFAULT-VALUE}).")
    private int maxBatch;

    @Option(
            names = "--max-wait-ms",
            defaultValue = "5",
            description = "How long a slice waits for others to batch with (default: ${DEFAULT-VALUE}).")
    private long maxWaitMs;

    @Option(
            names = "--queue",
            defaultValue = "64",
            description = "Slices that may wait; more get 503 + Retry-After (default: ${DEFAULT-VALUE}).")
    private int queue;

    @Option(names = "--threads", defaultValue = "32", description = "HTTP worker threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "Require 'Authorization: Bearer <token>' on /v1/* and /metrics; the token is the file's "
                    + "first line (16+ characters).")
    private Path tokenFile;

    @Option(
            names = "--cors-origin",
            paramLabel = "ORIGIN",
            description = "Allow cross-origin requests from this origin (repeatable; default none).")
    private List<String> corsOrigins = List.of();

    @Option(names = "--threshold", description = "Probability threshold (default: the run's).")
    private Double threshold;

    @Mixin
    private TtaOption ttaOption;

    @Override
    public Integer call() {
        Path run = runOption.run;
        if (!Files.isDirectory(run)) {
            throw new IllegalArgumentException("--run " + run + " is not a directory");
        }
        if (tokenFile != null && !Files.isRegularFile(tokenFile)) {
            throw new IllegalArgumentException("--token-file " + tokenFile + " does not exist");
        }
        PrintWriter out = spec.commandLine().getOut();
        SegmentationPredictor.Builder builder = SegmentationPredictor.builder()
                .setCheckpoint(run)
                .optFlipAveraging(ttaOption.tta)
                .optBatchSize(Math.max(1, maxBatch));
        if (threshold != null) {
            builder.optThreshold(threshold);
        }
        try (SegmentationPredictor predictor = builder.build();
                SegmentationServer server = SegmentationServer.builder()
                        .setSegmenter(new PredictorSegmenter(predictor, run))
                        .optHost(host)
                        .optPort(port)
                        .optMaxBatch(maxBatch)
                        .optMaxWaitMillis(maxWaitMs)
                        .optQueueCapacity(queue)
                        .optThreads(threads)
                        .optTokenFile(tokenFile)
                        .optCorsOrigins(corsOrigins)
                        .build()
                        .start()) {
            Thread stopper = new Thread(server::close, "brainseg-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(stopper);
            String shown = host.contains(":") ? "[" + host + "]" : host;
            out.printf(
                    Locale.ROOT,
                    "serving %s on http://%s:%d/ (ready: %s); Ctrl-C stops%n",
                    run,
                    shown,
                    server.getPort(),
                    server.isReady());
            out.flush();
            try {
                server.awaitStop();
            } catch (InterruptedException e) {
                // Interrupted (an embedding application stopping us): leave the try, which closes
                // the server gracefully, and end normally.
                out.println("interrupted; stopping");
                out.flush();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException e) {
                    // The JVM is already shutting down: the hook is running.
                }
            }
        }
        return 0;
    }
}
