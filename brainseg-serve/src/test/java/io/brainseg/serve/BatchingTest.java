package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.data.PlanarImage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Dynamic batching under concurrent clients: batches form, answers stay exact, the queue is bounded. */
class BatchingTest {

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(text);
        assertThat(m.find()).as(name + " in\n" + text).isTrue();
        return Double.parseDouble(m.group(2));
    }

    @Test
    void concurrentRequestsShareForwardPassesAndGetThePredictorsExactMasks() throws Exception {
        int clients = 16;
        try (SegmentationPredictor predictor = TestRun.predictor();
                SegmentationServer server = SegmentationServer.builder()
                        .setSegmenter(new PredictorSegmenter(predictor, TestRun.run()))
                        .optPort(0)
                        .optMaxBatch(8)
                        .optMaxWaitMillis(200)
                        .build()
                        .start()) {
            Http http = new Http(server.getPort());
            List<PlanarImage> slices = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                slices.add(TestRun.slice(900 + i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (PlanarImage s : slices) {
                byte[] body = TestRun.tiff(s);
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.post("/v1/segment", "image/tiff", body, null);
                }));
            }
            go.countDown();
            for (int i = 0; i < clients; i++) {
                HttpResponse<byte[]> r = answers.get(i).get();
                assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
                byte[] direct = predictor.predict(TestRun.image(slices.get(i))).getMask();
                assertThat(SegmentationServerTest.maskOf(r.body()))
                        .as("mask of slice %d", i)
                        .containsExactly(direct);
            }
            pool.shutdown();
            String metrics = Http.text(http.get("/metrics"));
            double passes = metric(metrics, "brainseg_batch_size_count");
            double slicesRun = metric(metrics, "brainseg_batch_size_sum");
            // The probe runs outside the batcher: every counted slice is a request.
            assertThat(slicesRun).isEqualTo(clients);
            assertThat(passes)
                    .as("forward passes for %d concurrent requests", clients)
                    .isLessThan(clients);
            assertThat(metric(metrics, "brainseg_batch_size_max"))
                    .isGreaterThan(1)
                    .isLessThanOrEqualTo(8);
        }
    }

    @Test
    void withBatchingOffEveryRequestIsItsOwnPass() throws Exception {
        FakeSegmenter fake = new FakeSegmenter(20, -1);
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(fake)
                .optPort(0)
                .optMaxBatch(1)
                .build()
                .start()) {
            Http http = new Http(server.getPort());
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] body = TestRun.tiff(TestRun.slice(i));
                answers.add(pool.submit(() -> http.post("/v1/segment", "image/tiff", body, null)));
            }
            for (Future<HttpResponse<byte[]>> f : answers) {
                assertThat(f.get().statusCode()).isEqualTo(200);
            }
            pool.shutdown();
            String metrics = Http.text(http.get("/metrics"));
            assertThat(metric(metrics, "brainseg_batch_size_count")).isEqualTo(6);
            assertThat(metric(metrics, "brainseg_batch_size_max")).isEqualTo(1);
        }
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndTheServerRecovers() throws Exception {
        FakeSegmenter slow = new FakeSegmenter(300, -1);
        int clients = 12;
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(slow)
                .optPort(0)
                .optMaxBatch(1)
                .optQueueCapacity(2)
                .build()
                .start()) {
            Http http = new Http(server.getPort());
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            byte[] body = TestRun.tiff(TestRun.slice(3));
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.post("/v1/segment", "image/tiff", body, null);
                }));
            }
            go.countDown();
            int ok = 0;
            int busy = 0;
            for (Future<HttpResponse<byte[]>> f : answers) {
                HttpResponse<byte[]> r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    busy++;
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                    JsonObject p = Http.json(r);
                    assertThat(p.get("type").getAsString()).isEqualTo("urn:brainseg:problem:queue-full");
                    assertThat(p.get("detail").getAsString()).contains("2 slices");
                }
            }
            pool.shutdown();
            // One running, two queued: at most 3 of the first wave fit; the rest are refused.
            assertThat(busy).isPositive();
            assertThat(ok).isPositive();
            assertThat(metric(Http.text(http.get("/metrics")), "brainseg_rejections_total"))
                    .isEqualTo(busy);
            assertThat(http.post("/v1/segment", "image/tiff", body, null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aBatchThatRunsOutOfMemoryIsSplitAndASingleSliceThatDoesIsReported() throws Exception {
        FakeSegmenter tight = new FakeSegmenter(0, 2);
        int clients = 8;
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(tight)
                .optPort(0)
                .optMaxBatch(8)
                .optMaxWaitMillis(300)
                .build()
                .start()) {
            Http http = new Http(server.getPort());
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                byte[] body = TestRun.tiff(TestRun.slice(40 + i));
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.post("/v1/segment", "image/tiff", body, "application/json");
                }));
            }
            go.countDown();
            for (Future<HttpResponse<byte[]>> f : answers) {
                assertThat(f.get().statusCode()).as(Http.text(f.get())).isEqualTo(200);
            }
            pool.shutdown();
            String metrics = Http.text(http.get("/metrics"));
            assertThat(metric(metrics, "brainseg_batch_size_max")).isLessThanOrEqualTo(2);
        }
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(new FakeSegmenter(0, 0))
                .optPort(0)
                .build()
                .start()) {
            Http http = new Http(server.getPort());
            HttpResponse<byte[]> r = http.post("/v1/segment", "image/tiff", TestRun.tiff(TestRun.slice(5)), null);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(Http.json(r).get("type").getAsString()).isEqualTo("urn:brainseg:problem:insufficient-memory");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            assertThat(Http.json(http.get("/ready")).get("reason").getAsString())
                    .contains("engine probe failed");
        }
    }
}
