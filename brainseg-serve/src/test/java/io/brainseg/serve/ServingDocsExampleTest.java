package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.brainseg.core.predict.SegmentationPredictor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the Java snippets of {@code docs/serving.md} compiling and running: each block between
 * markers here is the page's code verbatim (the test checks that), run against the test model.
 */
class ServingDocsExampleTest {

    @TempDir
    Path tmp;

    @Test
    void theDocsJavaSnippetsRunAndMatchThePage() throws Exception {
        Path run = TestRun.run();
        Path slice = tmp.resolve("slice.tif");
        Files.write(slice, TestRun.tiff(TestRun.slice(77)));
        int port = 0;
        // spotless:off
        // --- docs/serving.md: embed ---
        try (SegmentationPredictor predictor = SegmentationPredictor.load(run);
                SegmentationServer server = SegmentationServer.builder()
                        .setSegmenter(new PredictorSegmenter(predictor, run))
                        .optPort(port).optMaxBatch(8).optMaxWaitMillis(5)
                        .build().start()) {
            String base = "http://127.0.0.1:" + server.getPort();
            // --- end ---
            // spotless:on
            // spotless:off
            // --- docs/serving.md: client ---
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/segment"))
                    .header("Content-Type", "image/tiff")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(slice))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("refused: " + response.body()); // an RFC 9457 problem document
            }
            JsonObject figures = JsonParser.parseString(response.body()).getAsJsonObject();
            int tumourPixels = figures.get("tumourPixels").getAsInt();

            HttpRequest maskRequest = HttpRequest.newBuilder(URI.create(base + "/v1/segment"))
                    .header("Content-Type", "image/tiff")
                    .POST(HttpRequest.BodyPublishers.ofFile(slice))
                    .build();
            byte[] png = client.send(maskRequest, HttpResponse.BodyHandlers.ofByteArray()).body();
            BufferedImage mask = ImageIO.read(new ByteArrayInputStream(png)); // 8-bit grey, 0 or 255
            // --- end ---
            // spotless:on
            assertThat(tumourPixels)
                    .isEqualTo(predictor.predict(slice).getForegroundPixels())
                    .isPositive();
            int white = 0;
            for (int y = 0; y < mask.getHeight(); y++) {
                for (int x = 0; x < mask.getWidth(); x++) {
                    white += mask.getRaster().getSample(x, y, 0) == 255 ? 1 : 0;
                }
            }
            assertThat(white).isEqualTo(tumourPixels);
        }

        String page = normalise(Files.readString(docs()));
        String source = Files.readString(Path.of("src/test/java/io/brainseg/serve/ServingDocsExampleTest.java"));
        for (String block : blocks(source)) {
            assertThat(page).as("docs/serving.md holds the block:%n%s", block).contains(normalise(block));
        }
        assertThat(blocks(source)).hasSize(2);
    }

    static Path docs() {
        Path p = Path.of("../docs/serving.md");
        assertThat(p).as("docs/serving.md beside the module").exists();
        return p;
    }

    private static List<String> blocks(String source) {
        List<String> out = new ArrayList<>();
        String[] parts = source.split("// --- docs/" + "serving.md: ");
        for (int i = 1; i < parts.length; i++) {
            String body = parts[i].substring(parts[i].indexOf('\n') + 1);
            out.add(body.substring(0, body.indexOf("// --- " + "end ---")));
        }
        return out;
    }

    /** Each line trimmed, blank lines dropped: indentation differs between a method and a page. */
    private static String normalise(String s) {
        StringBuilder b = new StringBuilder();
        for (String line : s.split("\n")) {
            if (!line.isBlank()) {
                b.append(line.strip()).append('\n');
            }
        }
        return b.toString();
    }
}
