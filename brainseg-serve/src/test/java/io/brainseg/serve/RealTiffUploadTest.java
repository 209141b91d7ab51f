package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.brainseg.core.predict.Prediction;
import io.brainseg.core.predict.SegmentationPredictor;
import io.brainseg.core.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference project's failure, reproduced: its endpoint could not take the dataset's TIFF slices
 * ("some form of Pickle error" serialising TIFF bytes) and was sent NumPy arrays instead. Here the
 * real dataset's files are posted exactly as they are on disk (bytes out of the shared zip,
 * unchanged), one slice and one whole patient folder, and must be answered with the mask the
 * predictor gives for the same files. Skipped when {@code ../shared/data} is absent.
 */
class RealTiffUploadTest {

    private static final String PATIENT = "kaggle_3m/TCGA_HT_8105_19980826/";

    @TempDir
    Path tmp;

    @Test
    void theDatasetsOwnTiffBytesGetThePredictorsMask() throws IOException {
        Path zip = SharedFiles.requireRealZip();
        List<String> names = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> all = z.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (e.getName().startsWith(PATIENT) && !e.isDirectory()) {
                    names.add(e.getName().substring(PATIENT.length()));
                    files.add(z.getInputStream(e).readAllBytes());
                }
            }
        }
        assertThat(names).as("files of " + PATIENT).hasSizeGreaterThan(20);
        Path folder = Files.createDirectories(tmp.resolve("patient"));
        for (int i = 0; i < names.size(); i++) {
            Files.write(folder.resolve(names.get(i)), files.get(i));
        }
        try (SegmentationPredictor predictor = TestRun.predictor();
                SegmentationServer server = SegmentationServer.builder()
                        .setSegmenter(new PredictorSegmenter(predictor, TestRun.run()))
                        .optPort(0)
                        .build()
                        .start()) {
            Http http = new Http(server.getPort());
            int checked = 0;
            for (int i = 0; i < names.size() && checked < 4; i++) {
                if (names.get(i).endsWith("_mask.tif")) {
                    continue;
                }
                checked++;
                HttpResponse<byte[]> r = http.post("/v1/segment", "image/tiff", files.get(i), null);
                assertThat(r.statusCode())
                        .as(names.get(i) + ": " + Http.text(r))
                        .isEqualTo(200);
                Prediction direct = predictor.predict(folder.resolve(names.get(i)));
                assertThat(direct.getWidth()).isEqualTo(256);
                assertThat(SegmentationServerTest.maskOf(r.body()))
                        .as(names.get(i))
                        .containsExactly(direct.getMask());
                JsonObject j = Http.json(http.post("/v1/segment", "image/tiff", files.get(i), "application/json"));
                double max = 0;
                for (float p : direct.getProbabilities()) {
                    max = Math.max(max, p);
                }
                assertThat(j.get("maxProbability").getAsDouble())
                        .isEqualTo(max, org.assertj.core.data.Offset.offset(1e-7));
                assertThat(j.get("tumourPixels").getAsInt()).isEqualTo(direct.getForegroundPixels());
            }
            // The whole folder, zipped with its masks and all, as a user would.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                for (int i = 0; i < names.size(); i++) {
                    out.putNextEntry(new ZipEntry("TCGA_HT_8105_19980826/" + names.get(i)));
                    out.write(files.get(i));
                    out.closeEntry();
                }
            }
            HttpResponse<byte[]> r = http.post("/v1/segment/patient", "application/zip", bytes.toByteArray(), null);
            assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
            JsonArray per = Http.json(r).getAsJsonArray("slices");
            List<Prediction> direct = predictor.predictFolder(folder);
            assertThat(per).hasSize(direct.size());
            for (int i = 0; i < direct.size(); i++) {
                JsonObject o = per.get(i).getAsJsonObject();
                assertThat(o.get("name").getAsString()).isEqualTo(direct.get(i).getSource());
                assertThat(o.get("tumourPixels").getAsInt())
                        .as(direct.get(i).getSource())
                        .isEqualTo(direct.get(i).getForegroundPixels());
            }
        }
    }
}
