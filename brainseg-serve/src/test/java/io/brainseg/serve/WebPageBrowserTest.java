package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} package; skipped with a
 * message where it is not installed): {@code /?sample=0} loads a bundled synthetic slice, and the
 * screenshot must show the red overlay inside the mask's bounding box in the overlay panel, and no
 * overlay red in the plain slice panel.
 *
 * <p>The page lays its panels out at fixed places (see {@code index.html}): images of 256×256 CSS
 * pixels at (16, 128) for the slice and (288, 128) for the overlay, at device scale factor 1.
 * The model is {@link FakeSegmenter} (bright pixels are tumour), so the mask of the sample is known
 * without a trained network; the server, the page's fetches and the drawing are the real ones.
 */
class WebPageBrowserTest {

    private static final int TOP = 128;
    private static final int SLICE_LEFT = 16;
    private static final int OVERLAY_LEFT = 288;
    private static final int SIDE = 256;

    @TempDir
    static Path tmp;

    private static SegmentationServer server;
    private static String chromium;

    @BeforeAll
    static void start() {
        chromium = findChromium();
        Assumptions.assumeTrue(
                chromium != null,
                "skipped: no Chromium found (install the Debian package 'chromium', "
                        + "or set BRAINSEG_CHROMIUM to its path); .ci/run installs it");
        server = SegmentationServer.builder()
                .setSegmenter(new FakeSegmenter(0, -1))
                .optPort(0)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String findChromium() {
        String env = System.getenv("BRAINSEG_CHROMIUM");
        if (env != null && new File(env).canExecute()) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }

    /** Runs headless Chromium on a page of the server and returns its standard output. */
    private static String chromium(String page, String... mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--window-size=1000,420",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"),
                "--virtual-time-budget=20000"));
        cmd.addAll(List.of(mode));
        cmd.add("http://127.0.0.1:" + server.getPort() + page);
        Path log = Files.createTempFile(tmp, "chromium", ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(false)
                .redirectError(log.toFile())
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue())
                .as(() -> "chromium exit code; stderr:\n" + read(log))
                .isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean overlayRed(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        return r > 200 && g < 70 && b < 70;
    }

    @Test
    void theSampleShowsTheSliceTheRedOverlayInsideTheMaskAndTheFigures() throws Exception {
        Path shot = tmp.resolve("page.png");
        chromium("/?sample=0", "--screenshot=" + shot);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertThat(img).as("screenshot").isNotNull();
        assertThat(img.getWidth()).isGreaterThanOrEqualTo(OVERLAY_LEFT + SIDE);
        // Copy for a person to look at.
        Files.createDirectories(Path.of("target"));
        Files.copy(
                shot, Path.of("target", "web-page-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        JsonObject figures = Http.json(new Http(server.getPort())
                .post(
                        "/v1/segment",
                        "image/tiff",
                        new Http(server.getPort()).get("/v1/samples/0").body(),
                        "application/json"));
        JsonObject box = figures.getAsJsonObject("boundingBox");
        assertThat(box).as("the sample has a mask").isNotNull();
        int bx = box.get("x").getAsInt();
        int by = box.get("y").getAsInt();
        int bw = box.get("width").getAsInt();
        int bh = box.get("height").getAsInt();

        int redInside = 0;
        int redOutside = 0;
        int redInSlicePanel = 0;
        int nonBlackSlice = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean inBox = x >= bx && x < bx + bw && y >= by && y < by + bh;
                if (overlayRed(img.getRGB(OVERLAY_LEFT + x, TOP + y))) {
                    if (inBox) {
                        redInside++;
                    } else {
                        redOutside++;
                    }
                }
                int s = img.getRGB(SLICE_LEFT + x, TOP + y);
                redInSlicePanel += overlayRed(s) ? 1 : 0;
                nonBlackSlice += (s & 0xffffff) != 0 ? 1 : 0;
            }
        }
        assertThat(nonBlackSlice).as("the slice panel shows the slice").isGreaterThan(SIDE * SIDE / 10);
        assertThat(redInside).as("overlay red pixels inside the mask's box").isGreaterThan(50);
        assertThat(redOutside).as("overlay red pixels outside the mask's box").isLessThanOrEqualTo(redInside / 50);
        assertThat(redInSlicePanel).as("overlay red in the plain slice panel").isZero();
    }

    @Test
    void theDomShowsTheJsonFiguresOnceLoaded() throws Exception {
        String dom = chromium("/?sample=1", "--dump-dom");
        assertThat(dom)
                .contains(
                        "data-state=\"done\"",
                        "tumourPixels",
                        "boundingBox",
                        "\"checkpointId\": \"fake\"",
                        "sample 1.tif");
    }
}
