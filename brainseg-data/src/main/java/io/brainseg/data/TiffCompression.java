package io.brainseg.data;

/**
 * TIFF compressions the writer produces (the reader accepts whatever the installed ImageIO TIFF
 * plug-ins decode, these three included). The Kaggle files are uncompressed.
 */
public enum TiffCompression {
    /** No compression, as in the Kaggle dataset. */
    NONE(null),
    /** LZW (TIFF compression 5). */
    LZW("LZW"),
    /** Deflate / zlib (TIFF compression 8 or 32946, depending on the writer). */
    DEFLATE("Deflate");

    private final String imageIoName;

    TiffCompression(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /**
     * Returns the compression type name ImageIO's TIFF writers use, or null for none.
     *
     * @return the ImageIO compression type or null
     */
    public String imageIoName() {
        return imageIoName;
    }
}
