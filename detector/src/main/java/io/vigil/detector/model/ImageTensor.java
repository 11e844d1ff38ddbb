package io.vigil.detector.model;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** A BGR image letterboxed into a network's float input tensor. */
record ImageTensor(float[] data, long[] shape, Letterbox letterbox) {
    /** Grey of the letterbox padding (the usual YOLO value). */
    static final int PAD_VALUE = 114;

    /**
     * How a network wants its input.
     *
     * @param channelsFirst NCHW if true, else NHWC
     * @param rgb           channel 0 is red (else blue)
     * @param mean          per tensor channel, subtracted from the 0..255 pixel value
     * @param std           per tensor channel, divides the result
     */
    record Format(int width, int height, boolean channelsFirst, boolean rgb, float[] mean, float[] std) {
        long[] shape() {
            return channelsFirst ? new long[] {1, 3, height, width} : new long[] {1, height, width, 3};
        }
    }

    static ImageTensor of(Mat image, Format format) {
        if (image == null || image.empty()) {
            throw new IllegalArgumentException("image is empty");
        }
        if (image.depth() != CV_8U) {
            throw new IllegalArgumentException("image must have 8-bit channels, got OpenCV depth " + image.depth());
        }
        Letterbox box = Letterbox.fit(image.cols(), image.rows(), format.width(), format.height());
        byte[] pixels = new byte[box.resizedWidth() * box.resizedHeight() * 3];
        try (Mat converted = image.channels() == 3 ? null : toBgr(image); Mat resized = new Mat();
             Size size = new Size(box.resizedWidth(), box.resizedHeight())) {
            resize(converted == null ? image : converted, resized, size, 0, 0, INTER_LINEAR);
            resized.data().get(pixels);
        }
        return new ImageTensor(fill(pixels, box, format), format.shape(), box);
    }

    private static Mat toBgr(Mat image) {
        Mat bgr = new Mat();
        switch (image.channels()) {
            case 1 -> cvtColor(image, bgr, COLOR_GRAY2BGR);
            case 4 -> cvtColor(image, bgr, COLOR_BGRA2BGR);
            default -> throw new IllegalArgumentException("image must have 1, 3 or 4 channels, got " + image.channels());
        }
        return bgr;
    }

    private static float[] fill(byte[] pixels, Letterbox box, Format f) {
        int width = f.width(), plane = f.width() * f.height();
        // Normalised value of every byte value, per tensor channel: one table load per sample.
        float[][] lut = new float[3][256];
        int[] source = new int[3];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (v - f.mean()[c]) / f.std()[c];
            }
            source[c] = f.rgb() ? 2 - c : c;
        }
        float[] out = new float[3 * plane];
        int w = box.resizedWidth(), h = box.resizedHeight();
        if (f.channelsFirst()) {
            for (int c = 0; c < 3; c++) {
                float[] table = lut[c];
                int channel = c * plane;
                Arrays.fill(out, channel, channel + plane, table[PAD_VALUE]);
                for (int y = 0; y < h; y++) {
                    int o = channel + (y + box.padY()) * width + box.padX();
                    int p = y * w * 3 + source[c];
                    for (int x = 0; x < w; x++, p += 3) {
                        out[o + x] = table[pixels[p] & 0xff];
                    }
                }
            }
        } else {
            for (int i = 0; i < plane; i++) {
                out[3 * i] = lut[0][PAD_VALUE];
                out[3 * i + 1] = lut[1][PAD_VALUE];
                out[3 * i + 2] = lut[2][PAD_VALUE];
            }
            float[] t0 = lut[0], t1 = lut[1], t2 = lut[2];
            int s0 = source[0], s1 = source[1], s2 = source[2];
            for (int y = 0; y < h; y++) {
                int o = ((y + box.padY()) * width + box.padX()) * 3;
                int p = y * w * 3;
                for (int x = 0; x < w; x++, p += 3, o += 3) {
                    out[o] = t0[pixels[p + s0] & 0xff];
                    out[o + 1] = t1[pixels[p + s1] & 0xff];
                    out[o + 2] = t2[pixels[p + s2] & 0xff];
                }
            }
        }
        return out;
    }
}
