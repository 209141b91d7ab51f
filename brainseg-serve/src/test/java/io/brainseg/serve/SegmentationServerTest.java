package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.predict.Prediction;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.train.Checkpoint;
import io.brainseg.data.PlanarImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of a started server with the real (tiny) model, through java.net.http. */
class SegmentationServerTest {

    private static SegmentationPredictor predictor;
    private static SegmentationServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        predictor = TestRun.predictor();
        server = SegmentationServer.builder()
                .setSegmenter(new PredictorSegmenter(predictor, TestRun.run()))
                .optPort(0)
                .optMaxBatch(4)
                .optMaxWaitMillis(2)
                .build()
                .start();
        http = new Http(server.getPort());
    }

    @AfterAll
    static void stop() {
        server.close();
        predictor.close();
    }

    static byte[] maskOf(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int w = img.getWidth();
        int h = img.getHeight();
        assertThat(img.getRaster().getNumBands()).isEqualTo(1);
        byte[] m = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = img.getRaster().getSample(x, y, 0);
                assertThat(v).isIn(0, 255);
                m[y * w + x] = (byte) (v / 255);
            }
        }
        return m;
    }

    @Test
    void healthAndReadyAnswer200OnceTheProbePassed() {
        HttpResponse<byte[]> health = http.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Http.json(health).get("status").getAsString()).isEqualTo("UP");
        HttpResponse<byte[]> ready = http.get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(Http.json(ready).get("status").getAsString()).isEqualTo("READY");
        assertThat(server.isReady()).isTrue();
    }

    @Test
    void aTiffSliceGetsThePredictorsMaskAsPngByDefault() throws IOException {
        PlanarImage slice = TestRun.slice(501);
        HttpResponse<byte[]> r = http.post("/v1/segment", "image/tiff", TestRun.tiff(slice), null);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        Prediction direct = predictor.predict(TestRun.image(slice));
        assertThat(direct.getForegroundPixels())
                .as("the test slice has a predicted square")
                .isGreaterThan(10);
        assertThat(maskOf(r.body())).containsExactly(direct.getMask());
        assertThat(r.headers().firstValue("X-Tumour-Pixels")).hasValue(Integer.toString(direct.getForegroundPixels()));
    }

    @Test
    void aPngSliceCanAskForATiffMask() throws IOException {
        PlanarImage slice = TestRun.slice(502);
        HttpResponse<byte[]> r =
                http.post("/v1/segment", "image/png", TestRun.encode(TestRun.image(slice), "png"), "image/tiff");
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/tiff");
        assertThat(new String(r.body(), 0, 2, StandardCharsets.ISO_8859_1)).isIn("II", "MM");
        assertThat(maskOf(r.body()))
                .containsExactly(predictor.predict(TestRun.image(slice)).getMask());
    }

    @Test
    void jsonFiguresMatchAPlainLoopOverThePredictorsProbabilities() {
        PlanarImage slice = TestRun.slice(503);
        HttpResponse<byte[]> r =
                http.post("/v1/segment", "image/tiff", TestRun.tiff(slice), "text/html;q=0.9, application/json");
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject j = Http.json(r);
        Prediction direct = predictor.predict(TestRun.image(slice));
        float[] p = direct.getProbabilities();
        int s = TestRun.S;
        int n = 0;
        double sum = 0;
        double max = 0;
        int x0 = s;
        int y0 = s;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double v = p[y * s + x];
                max = Math.max(max, v);
                if (v > direct.getThreshold()) {
                    n++;
                    sum += v;
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        assertThat(n).isPositive();
        assertThat(j.get("tumourPixels").getAsInt()).isEqualTo(n);
        assertThat(j.get("tumourFraction").getAsDouble()).isCloseTo((double) n / (s * s), within(1e-12));
        JsonObject box = j.getAsJsonObject("boundingBox");
        assertThat(new int[] {
                    box.get("x").getAsInt(),
                    box.get("y").getAsInt(),
                    box.get("width").getAsInt(),
                    box.get("height").getAsInt()
                })
                .containsExactly(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        assertThat(j.get("meanProbability").getAsDouble()).isCloseTo(sum / n, within(1e-6));
        assertThat(j.get("maxProbability").getAsDouble()).isCloseTo(max, within(1e-7));
        assertThat(j.get("threshold").getAsDouble()).isEqualTo(predictor.getThreshold());
        assertThat(j.get("checkpointId").getAsString()).isEqualTo(sha12());
    }

    private static String sha12() {
        try {
            JsonObject meta = JsonParser.parseString(
                            Files.readString(Checkpoint.locate(TestRun.run()).resolve(Checkpoint.META)))
                    .getAsJsonObject();
            return meta.get("parametersSha256").getAsString().substring(0, 12);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theOverlayIsTheSliceOutsideTheMaskAndRedderInside() throws IOException {
        PlanarImage slice = TestRun.slice(504);
        HttpResponse<byte[]> r = http.post("/v1/segment?overlay=true", "image/tiff", TestRun.tiff(slice), null);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        byte[] mask = predictor.predict(TestRun.image(slice)).getMask();
        int s = TestRun.S;
        int inside = 0;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int rgb = img.getRGB(x, y);
                int red = rgb >> 16 & 0xff;
                int green = rgb >> 8 & 0xff;
                int i = y * s + x;
                int r0 = slice.planes()[i] & 0xff;
                int g0 = slice.planes()[s * s + i] & 0xff;
                if (mask[i] == 0) {
                    assertThat(new int[] {red, green, rgb & 0xff})
                            .as("pixel %d,%d outside", x, y)
                            .containsExactly(r0, g0, slice.planes()[2 * s * s + i] & 0xff);
                } else {
                    inside++;
                    assertThat(red).as("red at %d,%d", x, y).isGreaterThanOrEqualTo(r0);
                    assertThat(green).as("green at %d,%d", x, y).isLessThanOrEqualTo((g0 + 1) / 2);
                }
            }
        }
        assertThat(inside).isPositive();
    }

    @Test
    void renderReturnsTheDecodedSliceAsPng() throws IOException {
        PlanarImage slice = TestRun.slice(505);
        HttpResponse<byte[]> r = http.post("/v1/render", "image/tiff", TestRun.tiff(slice), null);
        assertThat(r.statusCode()).isEqualTo(200);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        int s = TestRun.S;
        for (int i = 0; i < s * s; i += 37) {
            int rgb = img.getRGB(i % s, i / s);
            assertThat(rgb >> 16 & 0xff).isEqualTo(slice.planes()[i] & 0xff);
            assertThat(rgb & 0xff).isEqualTo(slice.planes()[2 * s * s + i] & 0xff);
        }
    }

    /** A patient folder zipped as Kaggle ships it: slices, masks and a stray file, out of order. */
    private static byte[] patientZip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("TCGA_XX_0001_20000101/"));
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                zip.putNextEntry(new ZipEntry("TCGA_XX_0001_20000101/" + e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static Map<String, byte[]> patientFiles(List<PlanarImage> slices) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        // Names in reverse natural order: the server must sort _2 before _10.
        int[] numbers = {10, 2, 1};
        for (int i = 0; i < slices.size(); i++) {
            files.put("P_" + numbers[i] + ".tif", TestRun.tiff(slices.get(i)));
            files.put("P_" + numbers[i] + "_mask.tif", TestRun.tiff(slices.get(i)));
        }
        files.put("notes.txt", "x".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    @Test
    void aPatientZipGetsPerSliceAndVolumeFiguresWithTheLargestComponent() throws IOException {
        List<PlanarImage> slices = List.of(TestRun.slice(601), TestRun.slice(602), TestRun.slice(603));
        HttpResponse<byte[]> r =
                http.post("/v1/segment/patient", "application/zip", patientZip(patientFiles(slices)), null);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        JsonObject j = Http.json(r);
        JsonArray per = j.getAsJsonArray("slices");
        assertThat(per).hasSize(3);
        // Natural order: P_1 (slice 603), P_2 (602), P_10 (601).
        List<PlanarImage> ordered = List.of(slices.get(2), slices.get(1), slices.get(0));
        List<byte[]> masks = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 3; i++) {
            Prediction d = predictor.predict(TestRun.image(ordered.get(i)));
            masks.add(d.getMask());
            total += d.getForegroundPixels();
            assertThat(per.get(i).getAsJsonObject().get("name").getAsString())
                    .isEqualTo("P_" + new int[] {1, 2, 10}[i] + ".tif");
            assertThat(per.get(i).getAsJsonObject().get("tumourPixels").getAsInt())
                    .isEqualTo(d.getForegroundPixels());
        }
        byte[][] kept = LargestComponent3d.keep(masks, TestRun.S, TestRun.S, 26);
        long keptTotal = 0;
        for (int i = 0; i < 3; i++) {
            int k = 0;
            for (byte b : kept[i]) {
                k += b;
            }
            keptTotal += k;
            assertThat(per.get(i)
                            .getAsJsonObject()
                            .get("largestComponentPixels")
                            .getAsInt())
                    .isEqualTo(k);
        }
        JsonObject v = j.getAsJsonObject("volume");
        assertThat(v.get("slices").getAsInt()).isEqualTo(3);
        assertThat(v.get("tumourPixels").getAsLong()).isEqualTo(total);
        assertThat(v.get("largestComponentPixels").getAsLong()).isEqualTo(keptTotal);
        assertThat(keptTotal).isPositive().isLessThanOrEqualTo(total);
        assertThat(v.get("connectivity").getAsInt()).isEqualTo(26);
    }

    @Test
    void aPatientCanAskForAZipOfMasksWithOrWithoutTheComponentFilter() throws IOException {
        List<PlanarImage> slices = List.of(TestRun.slice(611), TestRun.slice(612));
        byte[] zip = patientZip(patientFiles(slices));
        for (boolean largest : new boolean[] {true, false}) {
            HttpResponse<byte[]> r = http.post(
                    "/v1/segment/patient?largestComponent=" + largest, "application/zip", zip, "application/zip");
            assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
            Map<String, byte[]> got = new LinkedHashMap<>();
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
                ZipEntry e;
                while ((e = in.getNextEntry()) != null) {
                    got.put(e.getName(), in.readAllBytes());
                }
            }
            assertThat(got.keySet()).containsExactly("P_2_pred.png", "P_10_pred.png");
            List<byte[]> masks = List.of(
                    predictor.predict(TestRun.image(slices.get(1))).getMask(),
                    predictor.predict(TestRun.image(slices.get(0))).getMask());
            List<byte[]> want = largest ? List.of(LargestComponent3d.keep(masks, TestRun.S, TestRun.S, 26)) : masks;
            assertThat(maskOf(got.get("P_2_pred.png"))).containsExactly(want.get(0));
            assertThat(maskOf(got.get("P_10_pred.png"))).containsExactly(want.get(1));
        }
    }

    @Test
    void multipartSlicesWorkLikeAZip() {
        List<PlanarImage> slices = List.of(TestRun.slice(621), TestRun.slice(622));
        String boundary = "----brainsegBoundary7";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String[] names = {"S_2.tif", "S_1.tif"};
        for (int i = 0; i < 2; i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"slices\"; filename=\""
                            + names[i] + "\"\r\nContent-Type: image/tiff\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(TestRun.tiff(slices.get(i)));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = http.post(
                "/v1/segment/patient",
                "multipart/form-data; boundary=" + boundary,
                body.toByteArray(),
                "application/json");
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        JsonArray per = Http.json(r).getAsJsonArray("slices");
        assertThat(per.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("S_1.tif");
        assertThat(per.get(0).getAsJsonObject().get("tumourPixels").getAsInt())
                .isEqualTo(predictor.predict(TestRun.image(slices.get(1))).getForegroundPixels());
        assertThat(per.get(1).getAsJsonObject().get("tumourPixels").getAsInt())
                .isEqualTo(predictor.predict(TestRun.image(slices.get(0))).getForegroundPixels());
    }

    @Test
    void modelDescribesSpecCheckpointThresholdTrainingAndLimits() {
        JsonObject j = Http.json(http.get("/v1/model"));
        assertThat(j.get("checkpointId").getAsString()).isEqualTo(sha12());
        assertThat(j.getAsJsonObject("spec").get("architecture").getAsString()).isEqualTo("tiny-conv");
        assertThat(j.get("threshold").getAsDouble()).isEqualTo(predictor.getThreshold());
        assertThat(j.get("flipAveraging").getAsBoolean()).isFalse();
        assertThat(j.getAsJsonObject("training").has("metrics")).isTrue();
        // Integers stay integers (no 3.0 for an epoch or a shape).
        assertThat(j.get("epoch").toString()).matches("\\d+");
        assertThat(j.getAsJsonArray("inputShape").toString()).isEqualTo("[1,3,32,32]");
        assertThat(j.getAsJsonObject("serving").get("maxBatch").getAsInt()).isEqualTo(4);
    }

    @Test
    void metricsArePrometheusTextWithRequestsBatchesQueueAndRejections() {
        http.post("/v1/segment", "image/tiff", TestRun.tiff(TestRun.slice(701)), null);
        http.post("/v1/segment", "text/plain", new byte[] {1}, null);
        HttpResponse<byte[]> r = http.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String text = Http.text(r);
        assertThat(text)
                .contains(
                        "brainseg_http_requests_seconds_bucket{",
                        "route=\"/v1/segment\"",
                        "status=\"200\"",
                        "brainseg_batch_size_bucket{",
                        "brainseg_batch_size_count",
                        "brainseg_inference_seconds_bucket{",
                        "brainseg_queue_depth",
                        "brainseg_rejections_total{reason=\"unsupported_media_type\"}");
    }

    @Test
    void samplesAreSyntheticTiffsTheModelAccepts() {
        JsonObject list = Http.json(http.get("/v1/samples"));
        assertThat(list.get("count").getAsInt()).isEqualTo(SampleSlices.COUNT);
        HttpResponse<byte[]> tiff = http.get("/v1/samples/0");
        assertThat(tiff.headers().firstValue("Content-Type")).hasValue("image/tiff");
        HttpResponse<byte[]> r = http.post("/v1/segment", "image/tiff", tiff.body(), "application/json");
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        assertThat(Http.json(r).get("width").getAsInt()).isEqualTo(256);
        HttpResponse<byte[]> missing = http.get("/v1/samples/9");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Http.json(missing).get("type").getAsString()).isEqualTo("urn:brainseg:problem:no-such-sample");
    }

    @Test
    void thePageAndTheOpenApiDocumentAreServed() {
        HttpResponse<byte[]> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Http.text(page)).contains("<title>brainseg", "/v1/segment?overlay=true", "/v1/render");
        HttpResponse<byte[]> api = http.get("/openapi.json");
        assertThat(Http.json(api).get("openapi").getAsString()).startsWith("3.");
    }

    @Test
    void everyResponseCarriesARequestIdAndAValidClientIdIsEchoed() {
        HttpResponse<byte[]> r = http.get("/health");
        assertThat(r.headers().firstValue(SegmentationServer.REQUEST_ID).orElse(""))
                .hasSize(36);
        HttpResponse<byte[]> echoed = http.send(http.request("/health")
                .header(SegmentationServer.REQUEST_ID, "client-42")
                .GET()
                .build());
        assertThat(echoed.headers().firstValue(SegmentationServer.REQUEST_ID)).hasValue("client-42");
        HttpResponse<byte[]> replaced = http.send(http.request("/health")
                .header(SegmentationServer.REQUEST_ID, "bad id <script>")
                .GET()
                .build());
        assertThat(replaced.headers().firstValue(SegmentationServer.REQUEST_ID).orElse(""))
                .hasSize(36);
    }

    @Test
    void noCorsHeadersUnlessOriginsWereGiven() {
        HttpResponse<byte[]> r = http.send(http.request("/health")
                .header("Origin", "https://evil.example")
                .GET()
                .build());
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpRequest preflight = http.request("/v1/segment")
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build();
        assertThat(http.send(preflight).headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
    }
}
