package io.vigil.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A BGR image letterboxed into a network's float input tensor, in a direct (native) buffer that ONNX
 * Runtime reads in place.
 */
record ImageTensor(FloatBuffer data, long[] shape, Letterbox letterbox) {
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

    /**
     * Reusable buffers for one thread's tensors: a stream of frames of one size then allocates nothing
     * large per frame. Not thread-safe; the tensor returned by {@link #of(Mat, Format, Scratch)} lives
     * in it until the next call.
     */
    static final class Scratch {
        private byte[] pixels = new byte[0];
        private FloatBuffer tensor = FloatBuffer.allocate(0);

        private byte[] pixels(int length) {
            if (pixels.length != length) {
                pixels = new byte[length];
            }
            return pixels;
        }

        private FloatBuffer tensor(int length) {
            if (tensor.capacity() != length) {
                tensor = ByteBuffer.allocateDirect(4 * length).order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
            return tensor;
        }
    }

    /** The image as a newly allocated tensor. */
    static ImageTensor of(Mat image, Format format) {
        return of(image, format, new Scratch());
    }

    /** The image as a tensor in {@code scratch}'s arrays. */
    static ImageTensor of(Mat image, Format format, Scratch scratch) {
        if (image == null || image.empty()) {
            throw new IllegalArgumentException("image is empty");
        }
        if (image.depth() != CV_8U) {
            throw new IllegalArgumentException("image must have 8-bit channels, got OpenCV depth " + image.depth());
        }
        Letterbox box = Letterbox.fit(image.cols(), image.rows(), format.width(), format.height());
        byte[] pixels = scratch.pixels(box.resizedWidth() * box.resizedHeight() * 3);
        try (Mat converted = image.channels() == 3 ? null : toBgr(image); Mat resized = new Mat();
             Size size = new Size(box.resizedWidth(), box.resizedHeight())) {
            resize(converted == null ? image : converted, resized, size, 0, 0, INTER_LINEAR);
            resized.data().get(pixels);
        }
        FloatBuffer tensor = scratch.tensor(3 * format.width() * format.height());
        fill(tensor, pixels, box, format);
        return new ImageTensor(tensor, format.shape(), box);
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

    /**
     * Writes the padding and the resized BGR pixels, normalised, into {@code out} in one pass. Sample
     * {@code c} of tensor pixel {@code i} sits at {@code i * pixelStep + c * channelStep}: NCHW has
     * planes of channels, NHWC interleaves them.
     */
    private static void fill(FloatBuffer out, byte[] pixels, Letterbox box, Format f) {
        int width = f.width(), plane = f.width() * f.height();
        int pixelStep = f.channelsFirst() ? 1 : 3;
        int channelStep = f.channelsFirst() ? plane : 1;
        // Normalised value of every byte value, per tensor channel: one table load per sample.
        float[][] lut = new float[3][256];
        int[] source = new int[3];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (v - f.mean()[c]) / f.std()[c];
            }
            source[c] = f.rgb() ? 2 - c : c;
        }
        float[] t0 = lut[0], t1 = lut[1], t2 = lut[2];
        int s0 = source[0], s1 = source[1], s2 = source[2];
        Padding padding = new Padding(out, pixelStep, channelStep, t0[PAD_VALUE], t1[PAD_VALUE], t2[PAD_VALUE]);
        int w = box.resizedWidth(), h = box.resizedHeight();
        int top = box.padY() * width, bottom = (box.padY() + h) * width;
        padding.fill(0, top);
        for (int y = 0; y < h; y++) {
            int rowStart = (box.padY() + y) * width;
            padding.fill(rowStart, rowStart + box.padX());
            int o = (rowStart + box.padX()) * pixelStep;
            int p = y * w * 3;
            for (int x = 0; x < w; x++, p += 3, o += pixelStep) {
                out.put(o, t0[pixels[p + s0] & 0xff]);
                out.put(o + channelStep, t1[pixels[p + s1] & 0xff]);
                out.put(o + 2 * channelStep, t2[pixels[p + s2] & 0xff]);
            }
            padding.fill(rowStart + box.padX() + w, rowStart + width);
        }
        padding.fill(bottom, plane);
    }

    /** Sets tensor pixels to the normalised padding grey. */
    private record Padding(FloatBuffer out, int pixelStep, int channelStep, float v0, float v1, float v2) {
        void fill(int fromPixel, int toPixel) {
            for (int i = fromPixel, o = fromPixel * pixelStep; i < toPixel; i++, o += pixelStep) {
                out.put(o, v0);
                out.put(o + channelStep, v1);
                out.put(o + 2 * channelStep, v2);
            }
        }
    }
}
