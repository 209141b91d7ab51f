package io.brainseg.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.brainseg.core.io.NaturalOrder;
import io.brainseg.data.PlanarImage;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The slice and patient routes: read the body within its limit, decode, queue the slices on the
 * {@link DynamicBatcher}, and answer in the representation the client asked for.
 */
final class SegmentHandlers {

    private static final Gson GSON = new GsonBuilder().serializeNulls().create();
    private static final String PNG = "image/png";
    private static final String TIFF = "image/tiff";
    private static final String JSON = "application/json";
    private static final String ZIP = "application/zip";

    private final SliceSegmenter segmenter;
    private final DynamicBatcher batcher;
    private final SliceDecoder decoder;
    private final SegmentationServerBuilder settings;

    SegmentHandlers(
            SliceSegmenter segmenter,
            DynamicBatcher batcher,
            SliceDecoder decoder,
            SegmentationServerBuilder settings) {
        this.segmenter = segmenter;
        this.batcher = batcher;
        this.decoder = decoder;
        this.settings = settings;
    }

    /** {@code POST /v1/segment}. */
    void segment(Context ctx) {
        boolean overlay = flag(ctx, "overlay");
        String type = overlay ? PNG : negotiate(ctx.header("Accept"), List.of(PNG, TIFF, JSON));
        PlanarImage slice = readSlice(ctx);
        float[] p = await(List.of(batcher.submit(slice))).get(0);
        byte[] mask = new byte[slice.height() * slice.width()];
        SliceFigures f = SliceFigures.of(p, slice.height(), slice.width(), segmenter.getThreshold(), mask);
        ctx.header("X-Checkpoint-Id", segmenter.getCheckpointId());
        ctx.header("X-Tumour-Pixels", Integer.toString(f.tumourPixels()));
        if (overlay) {
            ctx.contentType(PNG).result(MaskImages.overlayPng(slice, mask));
        } else if (type.equals(JSON)) {
            ctx.contentType(JSON)
                    .result(GSON.toJson(f.toJson(segmenter.getThreshold(), segmenter.getCheckpointId()))
                            .getBytes(StandardCharsets.UTF_8));
        } else {
            ctx.contentType(type)
                    .result(MaskImages.mask(mask, slice.height(), slice.width(), type.equals(PNG) ? "png" : "tiff"));
        }
    }

    /** {@code POST /v1/render}: the slice as PNG, for browsers, which cannot show TIFF. */
    void render(Context ctx) {
        ctx.contentType(PNG).result(MaskImages.slicePng(readSlice(ctx)));
    }

    private PlanarImage readSlice(Context ctx) {
        SliceDecoder.Format format = SliceDecoder.format(ctx.contentType());
        byte[] body = BoundedBody.read(ctx.bodyInputStream(), settings.maxBodyBytes, "request body");
        if (body.length == 0) {
            throw new ProblemException(400, "empty-body", "Empty body", "the request has no body; send one slice");
        }
        return decoder.decode(body, format, "the " + format.name() + " body");
    }

    /** {@code POST /v1/segment/patient}. */
    void patient(Context ctx) {
        String type = negotiate(ctx.header("Accept"), List.of(JSON, ZIP));
        boolean largest = !"false".equalsIgnoreCase(ctx.queryParam("largestComponent"));
        List<PatientArchive.Entry> entries = patientEntries(ctx);
        if (entries.isEmpty()) {
            throw new ProblemException(
                    422,
                    "no-slices",
                    "No slices",
                    "the upload holds no slice image (*.tif, *.tiff or *.png other than *_mask.*)");
        }
        entries = new ArrayList<>(entries);
        entries.sort((a, b) -> NaturalOrder.INSTANCE.compare(a.name(), b.name()));
        List<PlanarImage> slices = new ArrayList<>();
        for (PatientArchive.Entry e : entries) {
            SliceDecoder.Format f = SliceDecoder.formatOfName(e.name());
            PlanarImage s = decoder.decode(e.bytes(), f, e.name());
            if (!slices.isEmpty()
                    && (s.height() != slices.get(0).height()
                            || s.width() != slices.get(0).width())) {
                throw new ProblemException(
                        422,
                        "mixed-slice-sizes",
                        "Slices of different sizes",
                        e.name() + " is " + s.width() + "×" + s.height() + " but "
                                + entries.get(0).name() + " is " + slices.get(0).width() + "×"
                                + slices.get(0).height() + "; a volume needs one size");
            }
            slices.add(s);
        }
        // Windows of maxBatch slices: a patient never takes more than one batch of queue room at once.
        List<float[]> probs = new ArrayList<>();
        for (int i = 0; i < slices.size(); i += settings.maxBatch) {
            List<CompletableFuture<float[]>> window = new ArrayList<>();
            for (PlanarImage s : slices.subList(i, Math.min(slices.size(), i + settings.maxBatch))) {
                window.add(batcher.submit(s));
            }
            probs.addAll(await(window));
        }
        int h = slices.get(0).height();
        int w = slices.get(0).width();
        double t = segmenter.getThreshold();
        List<byte[]> masks = new ArrayList<>();
        List<SliceFigures> figures = new ArrayList<>();
        for (float[] p : probs) {
            byte[] m = new byte[h * w];
            figures.add(SliceFigures.of(p, h, w, t, m));
            masks.add(m);
        }
        byte[][] kept = LargestComponent3d.keep(masks, h, w, settings.connectivity);
        ctx.header("X-Checkpoint-Id", segmenter.getCheckpointId());
        if (type.equals(ZIP)) {
            ctx.contentType(ZIP).result(masksZip(entries, largest ? List.of(kept) : masks, h, w));
            return;
        }
        JsonArray perSlice = new JsonArray();
        long pixels = 0;
        long keptPixels = 0;
        int tumourSlices = 0;
        int keptSlices = 0;
        for (int i = 0; i < entries.size(); i++) {
            JsonObject o = figures.get(i).toJson(t, segmenter.getCheckpointId());
            o.remove("threshold");
            o.remove("checkpointId");
            int k = count(kept[i]);
            o.addProperty("name", entries.get(i).name());
            o.addProperty("largestComponentPixels", k);
            perSlice.add(o);
            pixels += figures.get(i).tumourPixels();
            keptPixels += k;
            tumourSlices += figures.get(i).tumourPixels() > 0 ? 1 : 0;
            keptSlices += k > 0 ? 1 : 0;
        }
        JsonObject volume = new JsonObject();
        volume.addProperty("slices", entries.size());
        volume.addProperty("height", h);
        volume.addProperty("width", w);
        volume.addProperty("tumourPixels", pixels);
        volume.addProperty("tumourSlices", tumourSlices);
        volume.addProperty("largestComponentPixels", keptPixels);
        volume.addProperty("largestComponentSlices", keptSlices);
        volume.addProperty("connectivity", settings.connectivity);
        JsonObject out = new JsonObject();
        out.add("volume", volume);
        out.add("slices", perSlice);
        out.addProperty("threshold", t);
        out.addProperty("checkpointId", segmenter.getCheckpointId());
        ctx.contentType(JSON).result(GSON.toJson(out).getBytes(StandardCharsets.UTF_8));
    }

    private List<PatientArchive.Entry> patientEntries(Context ctx) {
        String ct = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (ct.startsWith("multipart/form-data")) {
            List<UploadedFile> files;
            try {
                files = ctx.uploadedFiles();
            } catch (RuntimeException e) {
                throw new ProblemException(
                        new Problem(
                                413,
                                "body-too-large",
                                "Content too large",
                                "the multipart upload cannot be read within the limits (" + settings.maxBodyBytes
                                        + " bytes per file, " + settings.maxPatientBodyBytes + " in all): "
                                        + e.getMessage()),
                        0,
                        e);
            }
            if (files.size() > settings.maxZipEntries) {
                throw new ProblemException(
                        413,
                        "too-many-parts",
                        "Too many parts",
                        "the upload has " + files.size() + " files; the limit is " + settings.maxZipEntries);
            }
            List<PatientArchive.Entry> out = new ArrayList<>();
            for (UploadedFile f : files) {
                String name = PatientArchive.checkName(f.filename() == null ? "" : f.filename());
                String file = name.substring(name.lastIndexOf('/') + 1);
                if (!PatientArchive.isSlice(file)) {
                    continue;
                }
                try (InputStream in = f.content()) {
                    out.add(new PatientArchive.Entry(
                            file, BoundedBody.read(in, settings.maxBodyBytes, "part " + file)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the part " + file, e);
                }
            }
            return out;
        }
        if (!ct.startsWith(ZIP) && !ct.startsWith("application/x-zip-compressed")) {
            throw new ProblemException(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "a patient must be sent as application/zip or multipart/form-data, got "
                            + (ct.isEmpty() ? "no Content-Type" : "'" + ct + "'"));
        }
        byte[] zip = BoundedBody.read(ctx.bodyInputStream(), settings.maxPatientBodyBytes, "request body");
        return PatientArchive.read(zip, settings.maxZipEntries, settings.maxZipBytes);
    }

    private static byte[] masksZip(List<PatientArchive.Entry> entries, List<byte[]> masks, int h, int w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entries.size(); i++) {
                String name = entries.get(i).name();
                zip.putNextEntry(new ZipEntry(name.substring(0, name.lastIndexOf('.')) + "_pred.png"));
                zip.write(MaskImages.mask(masks.get(i), h, w, "png"));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the masks zip", e);
        }
        return bytes.toByteArray();
    }

    private static int count(byte[] mask) {
        int n = 0;
        for (byte b : mask) {
            n += b;
        }
        return n;
    }

    private List<float[]> await(List<CompletableFuture<float[]>> futures) {
        long deadline = System.nanoTime() + settings.requestTimeout.toNanos();
        List<float[]> out = new ArrayList<>(futures.size());
        for (CompletableFuture<float[]> f : futures) {
            try {
                out.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ProblemException pe) {
                    throw pe;
                }
                throw new IllegalStateException("inference failed", e.getCause());
            } catch (TimeoutException e) {
                throw new ProblemException(
                        new Problem(
                                503,
                                "inference-timeout",
                                "Inference timed out",
                                "no answer within " + settings.requestTimeout.toMillis() + " ms"),
                        5,
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProblemException(
                        new Problem(
                                503,
                                "shutting-down",
                                "Server shutting down",
                                "interrupted while waiting for the forward pass"),
                        1,
                        e);
            }
        }
        return out;
    }

    private static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.isEmpty() || v.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ProblemException(
                400, "bad-parameter", "Bad query parameter", "?" + name + "=" + v + " is not true or false");
    }

    /**
     * Picks the response type: the first of the client's {@code Accept} entries (in order, highest
     * quality first) that the route offers; a missing header or {@code *}{@code /*} gets the first
     * offer.
     *
     * @throws ProblemException 406 when nothing offered is acceptable
     */
    static String negotiate(String accept, List<String> offers) {
        if (accept == null || accept.isBlank()) {
            return offers.get(0);
        }
        List<String[]> ranges = new ArrayList<>();
        for (String part : accept.split(",")) {
            String[] bits = part.trim().split(";");
            double q = 1;
            for (int i = 1; i < bits.length; i++) {
                String p = bits[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) {
                ranges.add(new String[] {bits[0].trim().toLowerCase(Locale.ROOT), Double.toString(q)});
            }
        }
        ranges.sort((a, b) -> Double.compare(Double.parseDouble(b[1]), Double.parseDouble(a[1])));
        for (String[] r : ranges) {
            for (String offer : offers) {
                String range = r[0];
                if (range.equals(offer)
                        || range.equals("*/*")
                        || (range.endsWith("/*") && offer.startsWith(range.substring(0, range.length() - 1)))) {
                    return offer;
                }
            }
        }
        throw new ProblemException(
                406,
                "not-acceptable",
                "Not acceptable",
                "Accept '" + accept + "' matches none of " + String.join(", ", offers));
    }
}
