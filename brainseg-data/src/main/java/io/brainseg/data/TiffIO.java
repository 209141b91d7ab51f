package io.brainseg.data;

import io.brainseg.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads and writes 8-bit TIFF slices as {@link PlanarImage}s through ImageIO's TIFF plug-ins:
 * TwelveMonkeys' (a dependency of brainseg-core) and the JDK's. Reading tries the plug-in chosen
 * by {@link #READER_PROPERTY} (TwelveMonkeys by default) first and falls back to the other;
 * writing uses TwelveMonkeys.
 *
 * <p>Reading copies the bytes straight out of the raster's {@link DataBufferByte}, using its
 * {@link ComponentSampleModel}'s bank indices, band offsets, pixel and scanline strides; the band
 * order is never assumed, because readers return the Kaggle RGB slices as {@code TYPE_3BYTE_BGR} or
 * as {@code TYPE_CUSTOM} with RGB offsets depending on the plug-in. Any other 8-bit layout falls
 * back to {@link Raster#getSamples}. Input is read from memory ({@link MemoryCacheImageInputStream}),
 * never via ImageIO's temporary-file cache.
 */
public final class TiffIO {

    /**
     * System property choosing the TIFF reader tried first: {@code twelvemonkeys} (default) or
     * {@code jdk}. If the first reader throws, the others are tried before a file is reported
     * corrupt. The JDK's plug-in decodes the uncompressed Kaggle files faster, but it silently
     * returns wrong pixels for Deflate TIFFs written by TwelveMonkeys (measured with JDK 17 and
     * TwelveMonkeys 3.14), so it is opt-in ({@code -Dbrainseg.tiff.reader=jdk}).
     */
    public static final String READER_PROPERTY = "brainseg.tiff.reader";

    /** Value of {@link #READER_PROPERTY} for the JDK's TIFF plug-in. */
    public static final String JDK = "jdk";

    /** Value of {@link #READER_PROPERTY} for the TwelveMonkeys TIFF plug-in. */
    public static final String TWELVE_MONKEYS = "twelvemonkeys";

    /**
     * The largest image read, in pixels (8192×8192): far above any MRI slice, and small enough that a
     * corrupt header cannot make the reader allocate gigabytes.
     */
    public static final long MAX_PIXELS = 1L << 26;

    private static final String TWELVE_MONKEYS_PACKAGE = "com.twelvemonkeys";
    private static final String JDK_PACKAGE = "com.sun.imageio";

    private TiffIO() {}

    /**
     * Decodes a TIFF held in memory.
     *
     * @param tiff the bytes of the file
     * @param location the file's name for error messages (for example {@code data.zip!/kaggle_3m/x.tif})
     * @return the first image of the file, channel-first
     * @throws LggDataException if no reader accepts the bytes, the file is corrupt or truncated, or
     *     its samples are not 8-bit
     */
    public static PlanarImage read(byte[] tiff, String location) {
        Exception failure = null;
        boolean recognised = false;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff))) {
            for (ImageReaderSpi spi : readersInPreferredOrder()) {
                in.seek(0);
                if (!spi.canDecodeInput(in)) {
                    continue;
                }
                recognised = true;
                in.seek(0);
                ImageReader reader = spi.createReaderInstance();
                try {
                    reader.setInput(in, true, true);
                    long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                    if (pixels > MAX_PIXELS || reader.getWidth(0) < 1 || reader.getHeight(0) < 1) {
                        // A damaged header can claim any size; refuse before the reader allocates it.
                        throw new LggDataException(
                                location + ": TIFF header claims " + reader.getWidth(0) + "x" + reader.getHeight(0)
                                        + " pixels, outside 1.." + MAX_PIXELS + " pixels (corrupt header?)");
                    }
                    return toPlanar(reader.read(0).getRaster(), location);
                } catch (IOException | RuntimeException e) {
                    if (e instanceof LggDataException lde) {
                        throw lde;
                    }
                    // Another plug-in may still read it; report the first failure if none does.
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException e) {
            failure = e;
        }
        if (!recognised && failure == null) {
            throw new LggDataException(location + ": not a TIFF file (no ImageIO TIFF reader recognises it)");
        }
        throw new LggDataException(location + ": corrupt or truncated TIFF (" + failure + ")", failure);
    }

    /**
     * Returns the installed TIFF reader plug-ins, the one chosen by {@link #READER_PROPERTY} first.
     *
     * @return the reader providers, in the order they are tried
     */
    static List<ImageReaderSpi> readersInPreferredOrder() {
        String prefix =
                JDK.equals(System.getProperty(READER_PROPERTY, TWELVE_MONKEYS)) ? JDK_PACKAGE : TWELVE_MONKEYS_PACKAGE;
        List<ImageReaderSpi> ordered = new ArrayList<>(TiffReaders.ALL);
        ordered.sort(Comparator.comparing(spi -> spi.getClass().getName().startsWith(prefix) ? 0 : 1));
        return ordered;
    }

    /** The TIFF reader providers registered with ImageIO when this class was first used. */
    private static final class TiffReaders {
        static final List<ImageReaderSpi> ALL = find();

        private static List<ImageReaderSpi> find() {
            List<ImageReaderSpi> found = new ArrayList<>();
            IIORegistry.getDefaultInstance()
                    .getServiceProviders(ImageReaderSpi.class, true)
                    .forEachRemaining(spi -> {
                        for (String f : spi.getFormatNames()) {
                            if (f.equalsIgnoreCase("tiff")) {
                                found.add(spi);
                                return;
                            }
                        }
                    });
            return List.copyOf(found);
        }
    }

    /**
     * Copies an 8-bit raster into a channel-first byte array.
     *
     * @param raster the raster of a decoded image
     * @param location the file's name for error messages
     * @return the planes
     * @throws LggDataException if a band has more than 8 bits
     */
    public static PlanarImage toPlanar(Raster raster, String location) {
        SampleModel sm = raster.getSampleModel();
        int bands = raster.getNumBands();
        int h = raster.getHeight();
        int w = raster.getWidth();
        for (int b = 0; b < bands; b++) {
            if (sm.getSampleSize(b) > 8) {
                throw new LggDataException(
                        location + ": expected 8-bit samples, band " + b + " has " + sm.getSampleSize(b) + " bits");
            }
        }
        byte[] out = new byte[bands * h * w];
        if (sm instanceof ComponentSampleModel csm
                && raster.getDataBuffer() instanceof DataBufferByte dbb
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0) {
            copyComponents(csm, dbb, h, w, out);
        } else {
            int[] samples = new int[h * w];
            for (int b = 0; b < bands; b++) {
                raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, b, samples);
                int base = b * h * w;
                for (int i = 0; i < samples.length; i++) {
                    out[base + i] = (byte) samples[i];
                }
            }
        }
        return new PlanarImage(bands, h, w, out);
    }

    private static void copyComponents(ComponentSampleModel csm, DataBufferByte dbb, int h, int w, byte[] out) {
        int pixelStride = csm.getPixelStride();
        int scanline = csm.getScanlineStride();
        int[] bankIndices = csm.getBankIndices();
        int[] bandOffsets = csm.getBandOffsets();
        for (int b = 0; b < bandOffsets.length; b++) {
            byte[] bank = dbb.getData(bankIndices[b]);
            int start = dbb.getOffsets()[bankIndices[b]] + bandOffsets[b];
            int dst = b * h * w;
            for (int y = 0; y < h; y++) {
                int src = start + y * scanline;
                if (pixelStride == 1) {
                    System.arraycopy(bank, src, out, dst, w);
                    dst += w;
                } else {
                    for (int x = 0; x < w; x++, src += pixelStride) {
                        out[dst++] = bank[src];
                    }
                }
            }
        }
    }

    /**
     * Writes an image as a TIFF, atomically (a temporary file in the same folder, then a move).
     * One band is written as 8-bit grey, three bands as 8-bit RGB (band 0 red).
     *
     * @param image the image, 1 or 3 bands
     * @param file the target file
     * @param compression the compression
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the image has another number of bands
     */
    public static void write(PlanarImage image, Path file, TiffCompression compression) throws IOException {
        BufferedImage img = toBufferedImage(image);
        ImageWriter writer = pickWriter(compression);
        try {
            AtomicFiles.write(file, os -> {
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    if (compression.imageIoName() != null) {
                        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                        param.setCompressionType(compression.imageIoName());
                    }
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(img, null, null), param);
                }
            });
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage toBufferedImage(PlanarImage image) {
        int h = image.height();
        int w = image.width();
        int plane = h * w;
        byte[] src = image.planes();
        BufferedImage img;
        if (image.bands() == 1) {
            img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            System.arraycopy(src, 0, dst, 0, plane);
        } else if (image.bands() == 3) {
            img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < plane; i++) {
                dst[3 * i] = src[2 * plane + i];
                dst[3 * i + 1] = src[plane + i];
                dst[3 * i + 2] = src[i];
            }
        } else {
            throw new IllegalArgumentException("can write 1 or 3 bands as TIFF, got " + image.bands());
        }
        return img;
    }

    private static ImageWriter pickWriter(TiffCompression compression) {
        ImageWriter fallback = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff"); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (compression.imageIoName() != null && !supports(w, compression.imageIoName())) {
                w.dispose();
                continue;
            }
            if (w.getClass().getName().startsWith(TWELVE_MONKEYS_PACKAGE)) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return w;
            }
            if (fallback == null) {
                fallback = w;
            } else {
                w.dispose();
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("no ImageIO TIFF writer supports compression " + compression
                    + "; is com.twelvemonkeys.imageio:imageio-tiff on the class path?");
        }
        return fallback;
    }

    private static boolean supports(ImageWriter writer, String type) {
        String[] types = writer.getDefaultWriteParam().getCompressionTypes();
        if (types == null) {
            return false;
        }
        for (String t : types) {
            if (t.equals(type)) {
                return true;
            }
        }
        return false;
    }
}
