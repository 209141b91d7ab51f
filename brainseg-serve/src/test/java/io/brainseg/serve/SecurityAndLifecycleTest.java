package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brainseg.core.engine.ConvPadding;
import io.brainseg.core.engine.EngineProbe;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityAndLifecycleTest {

    @TempDir
    Path tmp;

    @Test
    void aTokenGuardsTheApiAndMetricsButNotHealth() throws IOException {
        Path file = tmp.resolve("token");
        String token = "s3cret-token-0123456789";
        Files.writeString(file, token + "\n");
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(new FakeSegmenter(0, -1))
                .optPort(0)
                .optTokenFile(file)
                .build()
                .start()) {
            Http http = new Http(server.getPort());
            for (String path : List.of("/v1/model", "/metrics", "/v1/samples")) {
                HttpResponse<byte[]> none = http.get(path);
                assertThat(none.statusCode()).as(path).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate").orElse(""))
                        .startsWith("Bearer");
                assertThat(Http.json(none).get("type").getAsString()).isEqualTo("urn:brainseg:problem:unauthorized");
                HttpResponse<byte[]> wrong = http.send(http.request(path)
                        .header("Authorization", "Bearer " + token + "x")
                        .GET()
                        .build());
                assertThat(wrong.statusCode()).as(path).isEqualTo(401);
                HttpResponse<byte[]> prefix = http.send(http.request(path)
                        .header("Authorization", "Bearer " + token.substring(0, 10))
                        .GET()
                        .build());
                assertThat(prefix.statusCode()).as(path).isEqualTo(401);
                HttpResponse<byte[]> right = http.send(http.request(path)
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build());
                assertThat(right.statusCode()).as(path).isEqualTo(200);
            }
            HttpResponse<byte[]> post = http.post("/v1/segment", "image/tiff", TestRun.tiff(TestRun.slice(1)), null);
            assertThat(post.statusCode()).isEqualTo(401);
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            assertThat(http.get("/ready").statusCode()).isEqualTo(200);
            assertThat(http.get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readinessFollowsTheEngineProbeAndItsWorkaround() throws IOException {
        boolean defect = EngineProbe.verdict().defect();
        String saved = System.getProperty(ConvPadding.PROPERTY);
        System.setProperty(ConvPadding.PROPERTY, "off");
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(new FakeSegmenter(0, -1))
                .optPort(0)
                .build()
                .start()) {
            // With the workaround off, a machine with the defect must not report ready; a healthy one is.
            HttpResponse<byte[]> ready = new Http(server.getPort()).get("/ready");
            assertThat(ready.statusCode()).isEqualTo(defect ? 503 : 200);
            assertThat(server.isReady()).isEqualTo(!defect);
            if (defect) {
                assertThat(new String(ready.body(), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("engine defect", ConvPadding.PROPERTY);
            }
        } finally {
            if (saved == null) {
                System.clearProperty(ConvPadding.PROPERTY);
            } else {
                System.setProperty(ConvPadding.PROPERTY, saved);
            }
        }
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(new FakeSegmenter(0, -1))
                .optPort(0)
                .build()
                .start()) {
            assertThat(new Http(server.getPort()).get("/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aShortTokenIsRefusedAtBuild() throws IOException {
        Path file = tmp.resolve("short");
        Files.writeString(file, "abc");
        assertThatThrownBy(() -> SegmentationServer.builder()
                        .setSegmenter(new FakeSegmenter(0, -1))
                        .optTokenFile(file)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 characters")
                .hasMessageContaining(file.toString());
    }

    @Test
    void corsHeadersOnlyForTheOriginsGiven() {
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(new FakeSegmenter(0, -1))
                .optPort(0)
                .optCorsOrigins(List.of("https://viewer.example.org"))
                .build()
                .start()) {
            Http http = new Http(server.getPort());
            HttpResponse<byte[]> allowed = http.send(http.request("/health")
                    .header("Origin", "https://viewer.example.org")
                    .GET()
                    .build());
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("https://viewer.example.org");
            HttpResponse<byte[]> other = http.send(http.request("/health")
                    .header("Origin", "https://evil.example")
                    .GET()
                    .build());
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
        }
    }

    @Test
    void closeFinishesRequestsInFlightThenRefusesConnections() throws Exception {
        FakeSegmenter slow = new FakeSegmenter(1500, -1);
        SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(slow)
                .optPort(0)
                .optMaxBatch(1)
                .optShutdownTimeout(Duration.ofSeconds(20))
                .build()
                .start();
        Http http = new Http(server.getPort());
        byte[] body = TestRun.tiff(TestRun.slice(2));
        CompletableFuture<HttpResponse<byte[]>> inFlight =
                CompletableFuture.supplyAsync(() -> http.post("/v1/segment", "image/tiff", body, "application/json"));
        // Wait until the slow forward pass has started, then stop.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slow.calls.get() < 2 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(slow.calls.get()).as("probe + the request's pass").isEqualTo(2);
        server.close();
        HttpResponse<byte[]> r = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        assertThat(Http.json(r).get("checkpointId").getAsString()).isEqualTo("fake");
        assertThatThrownBy(() -> http.get("/health")).hasStackTraceContaining(ConnectException.class.getName());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"maxBatch", "queueCapacity", "port", "connectivity", "threads", "maxWaitMillis"})
    void invalidSettingsAreNamedAtBuild(String setting) {
        SegmentationServerBuilder b = SegmentationServer.builder().setSegmenter(new FakeSegmenter(0, -1));
        switch (setting) {
            case "maxBatch" -> b.optMaxBatch(0);
            case "queueCapacity" -> b.optMaxBatch(8).optQueueCapacity(4);
            case "port" -> b.optPort(70000);
            case "connectivity" -> b.optConnectivity(8);
            case "threads" -> b.optThreads(1);
            default -> b.optMaxWaitMillis(-1);
        }
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(setting);
    }

    @Test
    void theDefaultHostIsLoopback() {
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(new FakeSegmenter(0, -1))
                .optPort(0)
                .build()
                .start()) {
            assertThat(new Http(server.getPort()).get("/health").statusCode()).isEqualTo(200);
            assertThat(SegmentationServer.builder().host).isEqualTo("127.0.0.1");
        }
    }
}
