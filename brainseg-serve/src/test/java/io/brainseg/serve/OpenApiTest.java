package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI file describes exactly the routes the server registers. */
class OpenApiTest {

    @Test
    void theDocumentListsEveryRouteAndNothingElse() {
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(new FakeSegmenter(0, -1))
                .optPort(0)
                .build()
                .start()) {
            Http http = new Http(server.getPort());
            JsonObject doc = Http.json(http.get("/openapi.json"));
            List<String> documented = new ArrayList<>();
            for (Map.Entry<String, com.google.gson.JsonElement> path :
                    doc.getAsJsonObject("paths").entrySet()) {
                for (String method : path.getValue().getAsJsonObject().keySet()) {
                    // OpenAPI writes path parameters as {n}, as Javalin does.
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
            assertThat(documented).containsExactlyInAnyOrderElementsOf(server.routes());
            assertThat(server.routes()).hasSizeGreaterThanOrEqualTo(11);
        }
    }

    @Test
    void everyDocumentedProblemReferenceAndSchemaResolves() {
        try (SegmentationServer server = SegmentationServer.builder()
                .setSegmenter(new FakeSegmenter(0, -1))
                .optPort(0)
                .build()
                .start()) {
            String text = Http.text(new Http(server.getPort()).get("/openapi.json"));
            JsonObject components =
                    Http.json(new Http(server.getPort()).get("/openapi.json")).getAsJsonObject("components");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"#/components/(\\w+)/(\\w+)\"")
                    .matcher(text);
            int refs = 0;
            while (m.find()) {
                refs++;
                assertThat(components.getAsJsonObject(m.group(1)).has(m.group(2)))
                        .as(m.group())
                        .isTrue();
            }
            assertThat(refs).isGreaterThan(10);
        }
    }
}
