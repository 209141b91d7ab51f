package io.brainseg.transforms.spatial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.brainseg.transforms.base.CpuBuffers;
import java.nio.ByteBuffer;
import java.util.stream.IntStream;

/**
 * CPU kernels for the spatial transforms that only move values (per-sample crops and flips). They
 * work on the bytes of any dtype, read the input in place and write straight into a new tensor
 * (see {@link CpuBuffers}), in one pass, parallel over samples. On the PyTorch engine this is
 * several times cheaper than slicing + concatenating, or {@code where(flip(x), x)}, on a few cores.
 */
final class CpuCopyKernels {

    private CpuCopyKernels() {}

    /**
     * Crops sample i of {@code x} to {@code windows[i]}; all windows have the same size.
     *
     * @param m the step manager
     * @param x an {@code N×C×H×W} CPU array of any dtype
     * @param windows one window per sample
     * @return the {@code N×C×h×w} crops
     */
    static NDArray crop(NDManager m, NDArray x, CropWindow[] windows) {
        Shape s = x.getShape();
        int n = Math.toIntExact(s.get(0));
        int ch = Math.toIntExact(s.get(1));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        int oh = windows[0].rowEnd() - windows[0].rowStart();
        int ow = windows[0].colEnd() - windows[0].colStart();
        int es = x.getDataType().getNumOfBytes();
        ByteBuffer src = CpuBuffers.bytes(x);
        NDArray out = CpuBuffers.empty(m, new Shape(n, ch, oh, ow), x.getDataType());
        ByteBuffer dst = CpuBuffers.bytes(out);
        IntStream.range(0, n).parallel().forEach(i -> {
            CropWindow win = windows[i];
            for (int c = 0; c < ch; c++) {
                int srcPlane = (i * ch + c) * h * w;
                int dstPlane = (i * ch + c) * oh * ow;
                for (int r = 0; r < oh; r++) {
                    int from = (srcPlane + (win.rowStart() + r) * w + win.colStart()) * es;
                    dst.put((dstPlane + r * ow) * es, src, from, ow * es);
                }
            }
        });
        return out;
    }

    /**
     * Flips the samples whose flag is set along rows and/or columns; copies the others.
     *
     * @param m the step manager
     * @param x an {@code N×C×H×W} CPU array of any dtype
     * @param flip one flag per sample
     * @param rows whether to flip the row axis
     * @param cols whether to flip the column axis
     * @return the result
     */
    static NDArray flip(NDManager m, NDArray x, boolean[] flip, boolean rows, boolean cols) {
        Shape s = x.getShape();
        int n = Math.toIntExact(s.get(0));
        int ch = Math.toIntExact(s.get(1));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        int es = x.getDataType().getNumOfBytes();
        ByteBuffer src = CpuBuffers.bytes(x);
        NDArray out = CpuBuffers.empty(m, s, x.getDataType());
        ByteBuffer dst = CpuBuffers.bytes(out);
        int rowBytes = w * es;
        IntStream.range(0, n * ch).parallel().forEach(plane -> {
            int base = plane * h * rowBytes;
            boolean on = flip[plane / ch];
            if (!on) {
                dst.put(base, src, base, h * rowBytes);
                return;
            }
            for (int r = 0; r < h; r++) {
                int from = base + (rows ? h - 1 - r : r) * rowBytes;
                int to = base + r * rowBytes;
                if (!cols) {
                    dst.put(to, src, from, rowBytes);
                } else {
                    reverseRow(src, from, dst, to, w, es);
                }
            }
        });
        return out;
    }

    private static void reverseRow(ByteBuffer src, int from, ByteBuffer dst, int to, int w, int es) {
        int last = from + (w - 1) * es;
        switch (es) {
            case 1:
                for (int k = 0; k < w; k++) {
                    dst.put(to + k, src.get(last - k));
                }
                break;
            case 4:
                for (int k = 0; k < w; k++) {
                    dst.putInt(to + 4 * k, src.getInt(last - 4 * k));
                }
                break;
            case 8:
                for (int k = 0; k < w; k++) {
                    dst.putLong(to + 8 * k, src.getLong(last - 8 * k));
                }
                break;
            default:
                for (int k = 0; k < w; k++) {
                    for (int b = 0; b < es; b++) {
                        dst.put(to + k * es + b, src.get(last - k * es + b));
                    }
                }
        }
    }
}
