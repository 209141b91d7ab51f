package io.brainseg.serve;

import io.brainseg.data.LggDataException;
import io.brainseg.data.PlanarImage;
import io.brainseg.data.TiffIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns an uploaded slice (the bytes of a TIFF or PNG file, as on disk) into a channel-first
 * {@link PlanarImage}, refusing what the model cannot take before any pixel is decoded.
 *
 * <p>Checks, in order: the media type is {@code image/tiff} or {@code image/png} (415); the bytes
 * start with that format's signature (400); the header's width and height are at most
 * {@code maxSide} — read from the header so a small compressed file cannot inflate to gigabytes
 * (422 {@code image-too-large}) — and multiples of {@code sizeMultiple}, as a UNet with four
 * stride-2 levels needs sides divisible by 16 (422 {@code wrong-image-size}); the image decodes
 * (400); it has 3 channels of 8 bits (422).
 */
final class SliceDecoder {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final int maxSide;
    private final int sizeMultiple;

    SliceDecoder(int maxSide, int sizeMultiple) {
        this.maxSide = maxSide;
        this.sizeMultiple = sizeMultiple;
    }

    /** The formats a slice may come in. */
    enum Format {
        TIFF,
        PNG
    }

    /**
     * Maps a {@code Content-Type} to a format.
     *
     * @param contentType the header value, parameters allowed
     * @return the format
     * @throws ProblemException 415 for any other type
     */
    static Format format(String contentType) {
        String t =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "image/tiff":
            case "image/tif":
                return Format.TIFF;
            case "image/png":
                return Format.PNG;
            default:
                throw new ProblemException(
                        415,
                        "unsupported-media-type",
                        "Unsupported media type",
                        "a slice must be sent as image/tiff or image/png, got "
                                + (t.isEmpty() ? "no Content-Type" : "'" + t + "'"));
        }
    }

    /**
     * Tells the format from a file name ({@code .tif}, {@code .tiff}, {@code .png}).
     *
     * @param name the file name
     * @return the format, or null for other names
     */
    static Format formatOfName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".tif") || n.endsWith(".tiff")) {
            return Format.TIFF;
        }
        return n.endsWith(".png") ? Format.PNG : null;
    }

    /**
     * Decodes a slice.
     *
     * @param bytes the file's bytes
     * @param format the declared format
     * @param name the slice's name for messages
     * @return the slice, {@code 3×H×W}
     * @throws ProblemException on any refusal listed in the class comment
     */
    PlanarImage decode(byte[] bytes, Format format, String name) {
        if (!hasSignature(bytes, format)) {
            throw new ProblemException(
                    400,
                    "undecodable-image",
                    "Image cannot be decoded",
                    name + " was declared " + format.name() + " but does not start with a " + format.name()
                            + " signature (" + bytes.length + " bytes)");
        }
        checkHeaderSize(bytes, format, name);
        PlanarImage image;
        try {
            if (format == Format.TIFF) {
                image = TiffIO.read(bytes, name);
            } else {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
                if (img == null) {
                    throw new LggDataException(name + ": no PNG reader accepts it");
                }
                image = TiffIO.toPlanar(img.getRaster(), name);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException pe) {
                throw pe;
            }
            throw new ProblemException(
                    new Problem(
                            e.getMessage() != null && e.getMessage().contains("bit") ? 422 : 400,
                            e.getMessage() != null && e.getMessage().contains("bit")
                                    ? "not-8-bit"
                                    : "undecodable-image",
                            "Image cannot be decoded",
                            name + ": " + e.getMessage()),
                    0,
                    e);
        }
        if (image.bands() != 3) {
            throw new ProblemException(
                    422,
                    "wrong-channel-count",
                    "Wrong number of channels",
                    name + " has " + image.bands() + " channel(s); a slice has 3 (the dataset's RGB TIFFs)");
        }
        return image;
    }

    private static boolean hasSignature(byte[] b, Format format) {
        if (format == Format.PNG) {
            if (b.length < PNG_SIGNATURE.length) {
                return false;
            }
            for (int i = 0; i < PNG_SIGNATURE.length; i++) {
                if (b[i] != PNG_SIGNATURE[i]) {
                    return false;
                }
            }
            return true;
        }
        return b.length >= 4
                && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                        || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42));
    }

    private void checkHeaderSize(byte[] bytes, Format format, String name) {
        int w;
        int h;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format == Format.TIFF ? "tiff" : "png");
            if (!readers.hasNext()) {
                throw new IllegalStateException("no ImageIO reader for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                w = reader.getWidth(0);
                h = reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(
                    new Problem(
                            400,
                            "undecodable-image",
                            "Image cannot be decoded",
                            name + ": cannot read the image header (" + e.getMessage() + ")"),
                    0,
                    e);
        }
        if (w > maxSide || h > maxSide) {
            throw new ProblemException(
                    422,
                    "image-too-large",
                    "Image too large",
                    name + " is " + w + "×" + h + "; the largest side accepted is " + maxSide);
        }
        if (w % sizeMultiple != 0 || h % sizeMultiple != 0) {
            throw new ProblemException(
                    422,
                    "wrong-image-size",
                    "Image size not accepted",
                    name + " is " + w + "×" + h + "; both sides must be multiples of " + sizeMultiple
                            + " (the network halves them four times)");
        }
    }
}
