package io.brainseg.serve;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.brainseg.core.engine.ConvPadding;
import io.brainseg.core.engine.EngineProbe;
import io.brainseg.core.engine.ProbeVerdict;
import io.brainseg.data.PlanarImage;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of a trained run, on Javalin 7 (Jetty 12).
 *
 * <pre>{@code
 * try (SegmentationPredictor predictor = SegmentationPredictor.load(run);
 *         SegmentationServer server = SegmentationServer.builder()
 *                 .setSegmenter(new PredictorSegmenter(predictor, run)).optPort(8080).build().start()) {
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code POST /v1/segment}</td><td>one slice (image/tiff or image/png) → mask PNG / TIFF or
 *       JSON figures by {@code Accept}; {@code ?overlay=true} → the slice with the mask drawn on it</td></tr>
 *   <tr><td>{@code POST /v1/segment/patient}</td><td>a zip of a patient folder or multipart slices →
 *       JSON per slice and for the volume (largest 3-D component applied), or a zip of masks</td></tr>
 *   <tr><td>{@code POST /v1/render}</td><td>a slice → PNG, as the server decoded it</td></tr>
 *   <tr><td>{@code GET /v1/model}, {@code /v1/samples}, {@code /v1/samples/{n}}</td><td>the model;
 *       bundled synthetic slices</td></tr>
 *   <tr><td>{@code GET /health}, {@code /ready}, {@code /metrics}, {@code /openapi.json}, {@code /}</td>
 *       <td>liveness, readiness, Prometheus text, the API description, the web page</td></tr>
 * </table>
 *
 * <p><b>Safety.</b> Binds to loopback unless told otherwise; every refusal is an RFC 9457 problem
 * document; an optional bearer token guards {@code /v1/*} and {@code /metrics}; no CORS headers
 * unless origins are given; every request gets an id ({@code X-Request-Id}, echoed and logged).
 * {@link #close()} refuses new work, finishes what is in flight and queued, then stops Jetty.
 */
public final class SegmentationServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationServer.class);

    /** The largest refused body that is read and discarded so its 413 reaches the client. */
    private static final long DRAIN_BYTES = 16L << 20;

    private static final Gson GSON = new GsonBuilder()
            .serializeNulls()
            .serializeSpecialFloatingPointValues()
            .create();
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final String REQUEST_ID = "X-Request-Id";
    private static final String START = "brainseg.start";

    private final SegmentationServerBuilder settings;
    private final SliceSegmenter segmenter;
    private final ServeMetrics metrics;
    private final DynamicBatcher batcher;
    private final SliceDecoder decoder;
    private final SampleSlices samples = new SampleSlices();
    private final BearerToken token;
    private final List<String> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drained = new Object();
    private volatile boolean draining;
    private volatile String notReady = "starting";
    private volatile Javalin app;
    private final SegmentHandlers handlers;

    SegmentationServer(SegmentationServerBuilder b) {
        this.settings = b;
        this.segmenter = b.segmenter;
        this.metrics = new ServeMetrics(b.maxBatch);
        this.decoder = new SliceDecoder(b.maxImageSide, b.sizeMultiple);
        this.token = b.tokenFile == null ? null : BearerToken.fromFile(b.tokenFile);
        this.batcher = new DynamicBatcher(segmenter, b.maxBatch, b.maxWaitMillis, b.queueCapacity, metrics);
        this.handlers = new SegmentHandlers(segmenter, batcher, decoder, b);
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static SegmentationServerBuilder builder() {
        return new SegmentationServerBuilder();
    }

    /**
     * Probes the model and starts listening.
     *
     * @return this server
     * @throws IllegalStateException if already started
     * @throws io.javalin.util.JavalinException if the port cannot be bound
     */
    public synchronized SegmentationServer start() {
        if (app != null) {
            throw new IllegalStateException("the server is already started");
        }
        notReady = probe();
        app = Javalin.create(this::configure);
        try {
            app.start(settings.host, settings.port);
        } catch (RuntimeException e) {
            batcher.close();
            throw e;
        }
        LOG.info(
                "serving {} on http://{}:{}/ (max batch {}, max wait {} ms, queue {}, token {})",
                segmenter.getCheckpointId(),
                settings.host,
                app.port(),
                settings.maxBatch,
                settings.maxWaitMillis,
                settings.queueCapacity,
                token == null ? "off" : "on");
        return this;
    }

    /** Runs one blank slice through the model; returns null if the answer is sane, else why not. */
    private String probe() {
        int side = settings.sizeMultiple * Math.max(1, 64 / settings.sizeMultiple);
        try {
            float[][] p = segmenter.probabilities(List.of(new PlanarImage(3, side, side, new byte[3 * side * side])));
            for (float v : p[0]) {
                if (!(v >= 0 && v <= 1)) {
                    return "engine probe: a blank " + side + "×" + side + " slice gave the probability " + v;
                }
            }
            String engine = engineDefectUnhandled();
            return engine != null ? engine : settings.readiness.get();
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.error("engine probe failed", e);
            return "engine probe failed: " + e;
        }
    }

    /**
     * Returns why the engine cannot be trusted here, or null: the start-up probe of
     * {@code io.brainseg.core.engine} found oneDNN's channel-padding defect on the default device
     * and its padding workaround has been switched off (docs/engine-defects.md).
     */
    private static String engineDefectUnhandled() {
        Device device = Engine.getInstance().defaultDevice();
        ProbeVerdict v = EngineProbe.verdict(device);
        if (v.defect() && !ConvPadding.isActive(device)) {
            return "engine defect: " + v.describe() + ", and " + ConvPadding.PROPERTY + " switches the workaround off";
        }
        return null;
    }

    /**
     * Returns the bound port (useful with port 0, an ephemeral port).
     *
     * @return the port
     * @throws IllegalStateException if not started
     */
    public int getPort() {
        if (app == null) {
            throw new IllegalStateException("the server is not started");
        }
        return app.port();
    }

    /**
     * Returns whether the server is ready: started, and the engine probe and readiness check passed.
     *
     * @return true when {@code /ready} answers 200
     */
    public boolean isReady() {
        return notReady == null && !draining && app != null;
    }

    /**
     * Blocks until {@link #close()} has been called from another thread (for a command line that
     * serves until interrupted).
     *
     * @throws InterruptedException if interrupted
     */
    public void awaitStop() throws InterruptedException {
        synchronized (drained) {
            while (app != null) {
                drained.wait();
            }
        }
    }

    ServeMetrics metrics() {
        return metrics;
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = settings.maxPatientBodyBytes;
        QueuedThreadPool pool = new QueuedThreadPool(settings.threads, Math.min(8, settings.threads));
        pool.setName("brainseg-http");
        config.jetty.threadPool = pool;
        // Jetty's graceful stop: the servlet context goes inside this wrapper, which lets the
        // responses of requests in flight complete before the connectors close.
        config.jetty.modifyServer(server -> {
            server.setHandler(new GracefulHandler());
            // close() has already waited for the handlers; this covers writing their responses and
            // closing idle keep-alive connections, which Jetty does after 1 s of shutdown.
            server.setStopTimeout(5000);
        });
        config.jetty.multipartConfig.maxFileSize(settings.maxBodyBytes, io.javalin.config.SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(
                settings.maxPatientBodyBytes, io.javalin.config.SizeUnit.BYTES);
        if (!settings.corsOrigins.isEmpty()) {
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                String first = settings.corsOrigins.get(0);
                rule.allowHost(
                        first,
                        settings.corsOrigins
                                .subList(1, settings.corsOrigins.size())
                                .toArray(new String[0]));
            }));
        }
        config.requestLogger.http(this::logRequest);
        var r = config.routes;
        r.before(this::beforeEach);
        route(r, "GET", "/", ctx -> resource(ctx, "web/index.html", "text/html; charset=utf-8"));
        route(r, "GET", "/openapi.json", ctx -> resource(ctx, "openapi.json", "application/json"));
        route(r, "GET", "/health", ctx -> ctx.json(Map.of("status", "UP")));
        route(r, "GET", "/ready", this::ready);
        route(r, "GET", "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        route(r, "GET", "/v1/model", this::model);
        route(r, "GET", "/v1/samples", this::sampleList);
        route(r, "GET", "/v1/samples/{n}", this::sample);
        route(r, "POST", "/v1/segment", tracked(handlers::segment));
        route(r, "POST", "/v1/segment/patient", tracked(handlers::patient));
        route(r, "POST", "/v1/render", tracked(handlers::render));
        r.exception(ProblemException.class, (e, ctx) -> problem(ctx, e.problem(), e.retryAfterSeconds()));
        r.exception(
                HttpResponseException.class,
                (e, ctx) -> problem(
                        ctx,
                        switch (e.getStatus()) {
                            case 404 -> new Problem(
                                    404, "not-found", "Not found", "no route " + ctx.method() + " " + ctx.path());
                            case 405 -> new Problem(
                                    405,
                                    "method-not-allowed",
                                    "Method not allowed",
                                    ctx.method() + " is not allowed on " + ctx.path());
                            default -> new Problem(
                                    e.getStatus(), "http-" + e.getStatus(), e.getMessage(), e.getMessage());
                        },
                        0));
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} {} failed", ctx.attribute(REQUEST_ID), ctx.method(), ctx.path(), e);
            problem(
                    ctx,
                    new Problem(
                            500,
                            "internal-error",
                            "Internal error",
                            "the server failed on this request (request id " + ctx.attribute(REQUEST_ID) + ")"),
                    0);
        });
        r.error(404, "*", ctx -> {
            if (!Problem.MEDIA_TYPE.equals(ctx.res().getContentType())) {
                problem(
                        ctx,
                        new Problem(404, "not-found", "Not found", "no route " + ctx.method() + " " + ctx.path()),
                        0);
            }
        });
        r.error(
                405,
                "*",
                ctx -> problem(
                        ctx,
                        new Problem(
                                405,
                                "method-not-allowed",
                                "Method not allowed",
                                ctx.method() + " is not allowed on " + ctx.path()),
                        0));
        config.jsonMapper(new GsonMapper(GSON));
    }

    private void route(io.javalin.config.RoutesConfig r, String method, String path, Handler h) {
        if (method.equals("GET")) {
            r.get(path, h);
        } else {
            r.post(path, h);
        }
        routes.add(method + " " + path);
    }

    /**
     * Returns the routes as {@code "METHOD /path"}, for the test that holds the OpenAPI file to them.
     *
     * @return the routes registered at start
     */
    List<String> routes() {
        return List.copyOf(routes);
    }

    private Handler tracked(Handler h) {
        return ctx -> {
            inFlight.incrementAndGet();
            try {
                if (draining) {
                    throw new ProblemException(
                            new Problem(
                                    503,
                                    "shutting-down",
                                    "Server shutting down",
                                    "the server is stopping and takes no new work"),
                            1,
                            null);
                }
                h.handle(ctx);
            } finally {
                if (inFlight.decrementAndGet() == 0) {
                    synchronized (drained) {
                        drained.notifyAll();
                    }
                }
            }
        };
    }

    private void beforeEach(Context ctx) {
        ctx.attribute(START, System.nanoTime());
        String given = ctx.header(REQUEST_ID);
        String id = given != null && CLIENT_ID.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
        ctx.attribute(REQUEST_ID, id);
        ctx.header(REQUEST_ID, id);
        String path = ctx.path();
        if (token != null
                && (path.startsWith("/v1/") || path.equals("/metrics"))
                && !token.accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"brainseg\"");
            metrics.rejection("unauthorized");
            throw new ProblemException(
                    401,
                    "unauthorized",
                    "Unauthorized",
                    "this server needs 'Authorization: Bearer <token>' with the token it was started with");
        }
        String length = ctx.header("Content-Length");
        if (length != null && "POST".equals(ctx.method().name())) {
            long limit = path.equals("/v1/segment/patient") ? settings.maxPatientBodyBytes : settings.maxBodyBytes;
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new ProblemException(
                        400,
                        "bad-content-length",
                        "Bad Content-Length",
                        "Content-Length '" + length + "' is not a number");
            }
            if (n > limit) {
                drainOrClose(ctx, n);
                throw BoundedBody.tooLarge("request body (" + n + " bytes)", limit);
            }
        }
    }

    /**
     * Before a too-large body is refused unread: reads and discards it when it is of moderate size
     * ({@value #DRAIN_BYTES} bytes at most), because closing a connection with request bytes still
     * unread makes TCP reset it and the client may lose the 413 with it; a larger body gets
     * {@code Connection: close} instead (never read, whatever it costs the client).
     */
    private static void drainOrClose(Context ctx, long length) {
        if (length > DRAIN_BYTES) {
            ctx.header("Connection", "close");
            return;
        }
        try (java.io.InputStream in = ctx.bodyInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            // the client went away: nothing to answer
            LOG.debug("draining a refused body failed", e);
        }
    }

    private void logRequest(Context ctx, Float millis) {
        String route;
        try {
            route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        int status = ctx.statusCode();
        Long start = ctx.attribute(START);
        long nanos = start == null ? (long) (millis * 1e6) : System.nanoTime() - start;
        metrics.request(ctx.method().name(), route, status, nanos);
        LOG.info(
                "request {} {} {} -> {} in {} ms",
                ctx.attribute(REQUEST_ID),
                ctx.method(),
                ctx.path(),
                status,
                String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6));
    }

    private void ready(Context ctx) {
        String why = draining ? "shutting down" : notReady;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", why == null ? "READY" : "NOT_READY");
        body.put("checkpointId", segmenter.getCheckpointId());
        if (why != null) {
            body.put("reason", why);
        }
        ctx.status(why == null ? 200 : 503).json(body);
    }

    private void model(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>(segmenter.describe());
        Map<String, Object> serving = new LinkedHashMap<>();
        serving.put("maxBatch", settings.maxBatch);
        serving.put("maxWaitMillis", settings.maxWaitMillis);
        serving.put("queueCapacity", settings.queueCapacity);
        serving.put("maxBodyBytes", settings.maxBodyBytes);
        serving.put("maxPatientBodyBytes", settings.maxPatientBodyBytes);
        serving.put("maxImageSide", settings.maxImageSide);
        serving.put("sizeMultiple", settings.sizeMultiple);
        serving.put("maxZipEntries", settings.maxZipEntries);
        serving.put("maxZipBytes", settings.maxZipBytes);
        serving.put("connectivity", settings.connectivity);
        body.put("serving", serving);
        ctx.json(body);
    }

    private void sampleList(Context ctx) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < SampleSlices.COUNT; i++) {
            urls.add("/v1/samples/" + i);
        }
        ctx.json(Map.of("count", SampleSlices.COUNT, "urls", urls, "contentType", "image/tiff"));
    }

    private void sample(Context ctx) {
        int n;
        try {
            n = Integer.parseInt(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n >= SampleSlices.COUNT) {
            throw new ProblemException(
                    404,
                    "no-such-sample",
                    "No such sample",
                    "sample '" + ctx.pathParam("n") + "' does not exist; there are " + SampleSlices.COUNT + " (0.."
                            + (SampleSlices.COUNT - 1) + ")");
        }
        ctx.contentType("image/tiff").result(samples.tiffs().get(n));
    }

    private static void resource(Context ctx, String name, String type) {
        try (InputStream in = SegmentationServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            ctx.contentType(type).result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }

    private void problem(Context ctx, Problem p, int retryAfter) {
        if (p.status() >= 400 && p.status() < 500 && p.status() != 401 && p.status() != 404) {
            metrics.rejection(p.slug().replace('-', '_'));
        }
        if (retryAfter > 0) {
            ctx.header("Retry-After", Integer.toString(retryAfter));
        }
        ctx.status(p.status())
                .contentType(Problem.MEDIA_TYPE)
                .result(GSON.toJson(p.toJson(ctx.path(), ctx.attribute(REQUEST_ID)))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Stops gracefully: new slice requests are refused with 503 {@code shutting-down}; requests in
     * flight and slices queued are finished (up to the shutdown timeout); then the listener stops.
     */
    @Override
    public void close() {
        Javalin running;
        synchronized (this) {
            running = app;
        }
        if (running == null) {
            batcher.close();
            return;
        }
        draining = true;
        long deadline = System.nanoTime() + settings.shutdownTimeout.toNanos();
        synchronized (drained) {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                try {
                    drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (inFlight.get() > 0) {
            LOG.warn("stopping with {} request(s) still in flight after {}", inFlight.get(), settings.shutdownTimeout);
        }
        batcher.close();
        running.stop();
        synchronized (drained) {
            app = null;
            drained.notifyAll();
        }
        LOG.info("server stopped");
    }
}
