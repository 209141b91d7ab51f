package io.brainseg.data;

import java.util.Random;

/**
 * Paints the phantom slices of one synthetic patient. Holds the patient's fixed traits (head
 * position and shape, brain texture, tumour site) so its slices look like one volume.
 */
final class PhantomPainter {

    private static final int WAVES = 4;

    private final int size;
    private final Random rnd;
    private final double cx;
    private final double cy;
    private final double headRx;
    private final double headRy;
    private final double[] fx = new double[WAVES];
    private final double[] fy = new double[WAVES];
    private final double[] phase = new double[WAVES];
    private final double tumourDx;
    private final double tumourDy;
    private final double tumourR;
    private final double lobePhase;

    PhantomPainter(int size, Random rnd) {
        this.size = size;
        this.rnd = rnd;
        cx = size * (0.5 + 0.04 * (rnd.nextDouble() - 0.5));
        cy = size * (0.5 + 0.04 * (rnd.nextDouble() - 0.5));
        headRx = size * (0.34 + 0.05 * rnd.nextDouble());
        headRy = size * (0.40 + 0.05 * rnd.nextDouble());
        for (int k = 0; k < WAVES; k++) {
            double freq = (2 + 6 * rnd.nextDouble()) * 2 * Math.PI / size;
            double angle = rnd.nextDouble() * Math.PI;
            fx[k] = freq * Math.cos(angle);
            fy[k] = freq * Math.sin(angle);
            phase[k] = rnd.nextDouble() * 2 * Math.PI;
        }
        double a = rnd.nextDouble() * 2 * Math.PI;
        double d = 0.45 * Math.sqrt(rnd.nextDouble());
        tumourDx = d * Math.cos(a);
        tumourDy = d * Math.sin(a);
        tumourR = 0.10 + 0.08 * rnd.nextDouble();
        lobePhase = rnd.nextDouble() * 2 * Math.PI;
    }

    /**
     * Paints one slice.
     *
     * @param z the slice position in the volume, 0..1 (the head is largest mid-volume)
     * @param tumourScale 0 for no tumour, else the blob radius factor (0..1]
     * @return the image (3 bands) and the mask (1 band, 0 or 255)
     */
    PlanarImage[] paint(double z, double tumourScale) {
        int plane = size * size;
        byte[] img = new byte[3 * plane];
        byte[] mask = new byte[plane];
        double shrink = 0.75 + 0.25 * Math.sin(Math.PI * (0.1 + 0.8 * z));
        double rx = headRx * shrink;
        double ry = headRy * shrink;
        double tx = cx + tumourDx * rx;
        double ty = cy + tumourDy * ry;
        double tr = tumourR * size * tumourScale;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                double ex = (x - cx) / rx;
                double ey = (y - cy) / ry;
                double r = Math.sqrt(ex * ex + ey * ey);
                if (r > 1) {
                    continue;
                }
                double[] v = new double[3];
                if (r > 0.9) {
                    v[0] = 170;
                    v[1] = 60;
                    v[2] = 180;
                } else {
                    double t = texture(x, y);
                    v[0] = 95 + 25 * t;
                    v[1] = 85 + 20 * t;
                    v[2] = 105 + 25 * t;
                    if (tr > 0 && insideTumour(x - tx, y - ty, tr)) {
                        mask[i] = (byte) 255;
                        v[0] += 12;
                        v[1] = 200 + 15 * t;
                        v[2] += 18;
                    }
                }
                for (int c = 0; c < 3; c++) {
                    double noisy = v[c] + 5 * rnd.nextGaussian();
                    img[c * plane + i] = (byte) Math.max(0, Math.min(255, Math.round(noisy)));
                }
            }
        }
        return new PlanarImage[] {new PlanarImage(3, size, size, img), new PlanarImage(1, size, size, mask)};
    }

    private double texture(int x, int y) {
        double s = 0;
        for (int k = 0; k < WAVES; k++) {
            s += Math.sin(fx[k] * x + fy[k] * y + phase[k]);
        }
        return s / WAVES;
    }

    private boolean insideTumour(double dx, double dy, double radius) {
        double angle = Math.atan2(dy, dx);
        double edge = radius * (1 + 0.18 * Math.sin(3 * angle + lobePhase) + 0.10 * Math.sin(5 * angle - lobePhase));
        return dx * dx + dy * dy <= edge * edge;
    }
}
