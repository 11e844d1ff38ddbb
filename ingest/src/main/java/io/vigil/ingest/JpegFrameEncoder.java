package io.vigil.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns a decoded frame into a JPEG of the detect width (aspect ratio kept, height even): one
 * swscale pass converts the decoder's pixel format to BGR and scales at once, straight into a
 * reused OpenCV Mat, which OpenCV's {@code imencode} compresses. Not thread-safe: one per source.
 */
final class JpegFrameEncoder implements AutoCloseable {
    private final int targetWidth;
    private final IntPointer jpegParams;
    private SwsContext scaler;
    private Mat bgr;
    private PointerPointer<?> bgrPlanes;
    private IntPointer bgrStrides;
    private int sourceWidth, sourceHeight, sourceFormat, width, height;

    JpegFrameEncoder(int targetWidth, int jpegQuality) {
        if (targetWidth < 16) throw new IllegalArgumentException("detect width must be >= 16: " + targetWidth);
        if (jpegQuality < 1 || jpegQuality > 100) throw new IllegalArgumentException("JPEG quality must be 1..100: " + jpegQuality);
        this.targetWidth = targetWidth;
        this.jpegParams = new IntPointer(IMWRITE_JPEG_QUALITY, jpegQuality);
    }

    /** The JPEG of {@code image} at the detect width; {@link #width()} and {@link #height()} give its size. */
    byte[] encode(AVFrame image) {
        prepare(image);
        sws_scale(scaler, image.data(), image.linesize(), 0, sourceHeight, bgrPlanes, bgrStrides);
        try (BytePointer jpeg = new BytePointer()) {
            if (!imencode(".jpg", bgr, jpeg, jpegParams)) {
                throw new IngestException("JPEG encoding failed for a " + width + "x" + height + " frame");
            }
            byte[] bytes = new byte[(int) jpeg.limit()];
            jpeg.get(bytes);
            return bytes;
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Sets up the scaler and output Mat when the source size or format changes (normally once). */
    private void prepare(AVFrame image) {
        if (scaler != null && image.width() == sourceWidth && image.height() == sourceHeight && image.format() == sourceFormat) {
            return;
        }
        sourceWidth = image.width();
        sourceHeight = image.height();
        sourceFormat = image.format();
        width = targetWidth;
        height = evenHeight(sourceWidth * pixelAspect(image.sample_aspect_ratio()), sourceHeight, targetWidth);
        int flags = width < sourceWidth ? SWS_AREA : SWS_BILINEAR;
        scaler = sws_getCachedContext(scaler, sourceWidth, sourceHeight, sourceFormat,
                width, height, AV_PIX_FMT_BGR24, flags, null, null, (DoublePointer) null);
        if (scaler == null) {
            throw new IngestException("cannot convert " + sourceWidth + "x" + sourceHeight + " frames of pixel format " + sourceFormat);
        }
        releaseMat();
        bgr = new Mat(height, width, CV_8UC3);
        bgrPlanes = new PointerPointer<>(1).put(0, bgr.data());
        bgrStrides = new IntPointer(1).put(0, (int) bgr.step());
    }

    /** Height for {@code targetWidth} that keeps the displayed aspect ratio, rounded to even. */
    static int evenHeight(double displayWidth, int sourceHeight, int targetWidth) {
        long h = Math.round(sourceHeight * (double) targetWidth / displayWidth / 2) * 2;
        return (int) Math.max(2, h);
    }

    private static double pixelAspect(AVRational sar) {
        return sar == null || sar.num() <= 0 || sar.den() <= 0 ? 1.0 : (double) sar.num() / sar.den();
    }

    private void releaseMat() {
        if (bgr != null) {
            bgr.close();
            bgrPlanes.close();
            bgrStrides.close();
        }
    }

    @Override
    public void close() {
        releaseMat();
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        jpegParams.close();
    }
}
