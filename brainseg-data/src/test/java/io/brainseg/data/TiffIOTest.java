package io.brainseg.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TiffIOTest {

    @TempDir
    Path tmp;

    private static PlanarImage random(int bands, int h, int w, long seed) {
        byte[] b = new byte[bands * h * w];
        new Random(seed).nextBytes(b);
        return new PlanarImage(bands, h, w, b);
    }

    @ParameterizedTest
    @EnumSource(TiffCompression.class)
    void rgbAndGreyRoundTripExactlyForEachCompression(TiffCompression compression) throws IOException {
        PlanarImage rgb = random(3, 24, 40, 1);
        PlanarImage grey = random(1, 24, 40, 2);
        Path rgbFile = tmp.resolve("rgb.tif");
        Path greyFile = tmp.resolve("grey.tif");
        TiffIO.write(rgb, rgbFile, compression);
        TiffIO.write(grey, greyFile, compression);
        PlanarImage rgbBack = TiffIO.read(Files.readAllBytes(rgbFile), "rgb.tif");
        PlanarImage greyBack = TiffIO.read(Files.readAllBytes(greyFile), "grey.tif");
        assertThat(rgbBack.bands()).isEqualTo(3);
        assertThat(rgbBack.height()).isEqualTo(24);
        assertThat(rgbBack.width()).isEqualTo(40);
        assertThat(rgbBack.planes()).isEqualTo(rgb.planes());
        assertThat(greyBack.planes()).isEqualTo(grey.planes());
        try (var files = Files.list(tmp)) {
            assertThat(files)
                    .extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("rgb.tif", "grey.tif");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TiffCompression.class,
            names = {"NONE", "LZW"})
    void jdkReaderChosenByPropertyReadsTheSamePixels(TiffCompression compression) throws IOException {
        PlanarImage rgb = random(3, 16, 20, 3);
        Path file = tmp.resolve("rgb.tif");
        TiffIO.write(rgb, file, compression);
        String before = System.getProperty(TiffIO.READER_PROPERTY);
        System.setProperty(TiffIO.READER_PROPERTY, TiffIO.JDK);
        try {
            assertThat(TiffIO.readersInPreferredOrder().get(0).getClass().getName())
                    .startsWith("com.sun.imageio");
            assertThat(TiffIO.read(Files.readAllBytes(file), "rgb.tif").planes())
                    .isEqualTo(rgb.planes());
        } finally {
            if (before == null) {
                System.clearProperty(TiffIO.READER_PROPERTY);
            } else {
                System.setProperty(TiffIO.READER_PROPERTY, before);
            }
        }
        assertThat(TiffIO.readersInPreferredOrder().get(0).getClass().getName()).startsWith("com.twelvemonkeys");
    }

    @Test
    void compressionChangesTheBytesOnDisk() throws IOException {
        PlanarImage flat = new PlanarImage(3, 64, 64, new byte[3 * 64 * 64]);
        TiffIO.write(flat, tmp.resolve("none.tif"), TiffCompression.NONE);
        TiffIO.write(flat, tmp.resolve("lzw.tif"), TiffCompression.LZW);
        TiffIO.write(flat, tmp.resolve("deflate.tif"), TiffCompression.DEFLATE);
        long none = Files.size(tmp.resolve("none.tif"));
        assertThat(Files.size(tmp.resolve("lzw.tif"))).isLessThan(none / 4);
        assertThat(Files.size(tmp.resolve("deflate.tif"))).isLessThan(none / 4);
    }

    @Test
    void bandOrderComesFromTheSampleModelNotTheImageType() {
        int h = 2;
        int w = 3;
        // A TYPE_CUSTOM-like raster: pixel-interleaved, 4 bytes per pixel, bands stored as (B, pad, R, G).
        PixelInterleavedSampleModel sm =
                new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, w, h, 4, 4 * w, new int[] {2, 3, 0});
        byte[] data = new byte[4 * w * h];
        for (int i = 0; i < w * h; i++) {
            data[4 * i + 2] = (byte) (10 + i); // red
            data[4 * i + 3] = (byte) (20 + i); // green
            data[4 * i] = (byte) (30 + i); // blue
        }
        WritableRaster raster = Raster.createWritableRaster(sm, new DataBufferByte(data, data.length), null);
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_CUSTOM);
        PlanarImage planar = TiffIO.toPlanar(img.getRaster(), "custom");
        assertThat(planar.planes())
                .containsExactly(10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25, 30, 31, 32, 33, 34, 35);
    }

    @Test
    void bgrImageIsReturnedAsRgbPlanes() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(0, 0, 0x102030);
        img.setRGB(1, 0, 0x405060);
        PlanarImage planar = TiffIO.toPlanar(img.getRaster(), "bgr");
        assertThat(planar.planes()).containsExactly(0x10, 0x40, 0x20, 0x50, 0x30, 0x60);
    }
}
