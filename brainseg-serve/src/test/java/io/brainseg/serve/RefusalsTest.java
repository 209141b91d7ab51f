package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.brainseg.data.PlanarImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal is a 4xx with an RFC 9457 problem document naming the problem, and the server keeps
 * answering afterwards. Limits are set small so the hostile inputs stay small.
 */
class RefusalsTest {

    private static SegmentationServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = SegmentationServer.builder()
                .setSegmenter(new FakeSegmenter(0, -1))
                .optPort(0)
                .optMaxBodyBytes(64 << 10)
                .optMaxPatientBodyBytes(256 << 10)
                .optMaxImageSide(256)
                .optMaxZipEntries(20)
                .optMaxZipBytes(1 << 20)
                .build()
                .start();
        http = new Http(server.getPort());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] tiff() {
        return TestRun.tiff(TestRun.slice(1));
    }

    private static byte[] png(int w, int h, int type) {
        return TestRun.encode(new BufferedImage(w, h, type), "png");
    }

    private static byte[] zip(String[] names, byte[][] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < names.length; i++) {
                z.putNextEntry(new ZipEntry(names[i]));
                z.write(contents[i]);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] zipOf(String... names) {
        byte[][] c = new byte[names.length][];
        Arrays.fill(c, tiff());
        return zip(names, c);
    }

    static Stream<Arguments> refusals() {
        byte[] big = new byte[100 << 10];
        big[0] = 'I';
        big[1] = 'I';
        big[2] = 42;
        byte[] t = tiff();
        byte[] truncated = Arrays.copyOf(t, 200);
        String[] many = new String[25];
        for (int i = 0; i < many.length; i++) {
            many[i] = "P/P_" + i + ".tif";
        }
        // 4 MiB of zeros deflates to a few kB but inflates past the 1 MiB limit.
        byte[] bomb = zip(new String[] {"P/P_1.tif"}, new byte[][] {new byte[4 << 20]});
        PlanarImage small = new PlanarImage(3, 16, 16, new byte[3 * 16 * 16]);
        return Stream.of(
                Arguments.of("body over the limit", "/v1/segment", "image/tiff", big, null, 413, "body-too-large"),
                Arguments.of("text body", "/v1/segment", "text/plain", t, null, 415, "unsupported-media-type"),
                Arguments.of("no content type", "/v1/render", "", t, null, 415, "unsupported-media-type"),
                Arguments.of(
                        "png bytes declared tiff",
                        "/v1/segment",
                        "image/tiff",
                        png(32, 32, BufferedImage.TYPE_3BYTE_BGR),
                        null,
                        400,
                        "undecodable-image"),
                Arguments.of("truncated tiff", "/v1/segment", "image/tiff", truncated, null, 400, "undecodable-image"),
                Arguments.of("empty body", "/v1/segment", "image/tiff", new byte[0], null, 400, "empty-body"),
                Arguments.of(
                        "image wider than the limit",
                        "/v1/segment",
                        "image/png",
                        png(512, 16, BufferedImage.TYPE_3BYTE_BGR),
                        null,
                        422,
                        "image-too-large"),
                Arguments.of(
                        "side not a multiple of 16",
                        "/v1/segment",
                        "image/png",
                        png(40, 32, BufferedImage.TYPE_3BYTE_BGR),
                        null,
                        422,
                        "wrong-image-size"),
                Arguments.of(
                        "grey slice",
                        "/v1/segment",
                        "image/png",
                        png(32, 32, BufferedImage.TYPE_BYTE_GRAY),
                        null,
                        422,
                        "wrong-channel-count"),
                Arguments.of(
                        "16-bit slice",
                        "/v1/segment",
                        "image/png",
                        png(32, 32, BufferedImage.TYPE_USHORT_GRAY),
                        null,
                        422,
                        "not-8-bit"),
                Arguments.of("unacceptable Accept", "/v1/segment", "image/tiff", t, "text/html", 406, "not-acceptable"),
                Arguments.of(
                        "bad overlay flag", "/v1/segment?overlay=maybe", "image/tiff", t, null, 400, "bad-parameter"),
                Arguments.of(
                        "zip path traversal",
                        "/v1/segment/patient",
                        "application/zip",
                        zipOf("P/../../etc/P_1.tif"),
                        null,
                        422,
                        "zip-path-traversal"),
                Arguments.of(
                        "absolute zip name",
                        "/v1/segment/patient",
                        "application/zip",
                        zipOf("/tmp/P_1.tif"),
                        null,
                        422,
                        "zip-path-traversal"),
                Arguments.of(
                        "backslash zip name",
                        "/v1/segment/patient",
                        "application/zip",
                        zipOf("..\\P_1.tif"),
                        null,
                        422,
                        "zip-path-traversal"),
                Arguments.of(
                        "too many zip entries",
                        "/v1/segment/patient",
                        "application/zip",
                        zipOf(many),
                        null,
                        413,
                        "zip-too-many-entries"),
                Arguments.of("zip bomb", "/v1/segment/patient", "application/zip", bomb, null, 413, "zip-too-large"),
                Arguments.of("not a zip", "/v1/segment/patient", "application/zip", t, null, 400, "corrupt-zip"),
                Arguments.of(
                        "zip without slices",
                        "/v1/segment/patient",
                        "application/zip",
                        zipOf("P/P_1_mask.tif"),
                        null,
                        422,
                        "no-slices"),
                Arguments.of(
                        "two patients in one zip",
                        "/v1/segment/patient",
                        "application/zip",
                        zipOf("A/A_1.tif", "B/B_1.tif"),
                        null,
                        422,
                        "multiple-patients"),
                Arguments.of(
                        "slices of two sizes",
                        "/v1/segment/patient",
                        "application/zip",
                        zip(new String[] {"P/P_1.tif", "P/P_2.tif"}, new byte[][] {t, TestRun.tiff(small)}),
                        null,
                        422,
                        "mixed-slice-sizes"),
                Arguments.of(
                        "patient as tiff", "/v1/segment/patient", "image/tiff", t, null, 415, "unsupported-media-type"),
                Arguments.of(
                        "patient wants png",
                        "/v1/segment/patient",
                        "application/zip",
                        zipOf("P/P_1.tif"),
                        "image/png",
                        406,
                        "not-acceptable"));
    }

    @ParameterizedTest(name = "{0} -> {5} {6}")
    @MethodSource("refusals")
    void isRefusedWithAProblemDocument(
            String what, String path, String type, byte[] body, String accept, int status, String slug) {
        HttpRequest.Builder b = http.request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!type.isEmpty()) {
            b.header("Content-Type", type);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        HttpResponse<byte[]> r = http.send(b.build());
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject p = Http.json(r);
        assertThat(p.get("type").getAsString()).isEqualTo("urn:brainseg:problem:" + slug);
        assertThat(p.get("status").getAsInt()).isEqualTo(status);
        assertThat(p.get("title").getAsString()).isNotBlank();
        assertThat(p.get("detail").getAsString()).isNotBlank();
        assertThat(p.get("instance").getAsString()).isEqualTo(path.split("\\?")[0]);
        assertThat(p.get("requestId").getAsString())
                .isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(http.get("/health").statusCode()).as("alive after " + what).isEqualTo(200);
    }

    @Test
    void aChunkedBodyWithoutLengthIsCutAtTheLimit() {
        byte[] big = new byte[200 << 10];
        HttpRequest req = http.request("/v1/segment")
                .header("Content-Type", "image/tiff")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();
        HttpResponse<byte[]> r = http.send(req);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Http.json(r).get("detail").getAsString()).contains("65536");
    }

    @Test
    void unknownRoutesAreProblemsToo() {
        HttpResponse<byte[]> r = http.get("/v2/nothing");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Http.json(r).get("type").getAsString()).isEqualTo("urn:brainseg:problem:not-found");
    }

    @Test
    void theDetailNamesTheOffendingValue() {
        HttpResponse<byte[]> r = http.post("/v1/segment", "image/png", png(48, 40, BufferedImage.TYPE_3BYTE_BGR), null);
        assertThat(Http.json(r).get("detail").getAsString()).contains("48×40", "16");
        HttpResponse<byte[]> z = http.post("/v1/segment/patient", "application/zip", zipOf("P/../x/P_1.tif"), null);
        assertThat(Http.json(z).get("detail").getAsString()).contains("P/../x/P_1.tif");
    }
}
