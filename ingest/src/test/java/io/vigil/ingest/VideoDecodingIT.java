package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real FFmpeg decoding through JavaCV, cross-checked with Debian's ffmpeg/ffprobe CLI. No Kafka here. */
class VideoDecodingIT {
    @TempDir
    Path dir;

    @Test
    void decodesAsManyFramesAsFfprobeCounts() {
        long ours = 0;
        long lastPts = -1;
        try (VideoSource source = VideoSource.openFile(Footage.SAMPLE, 0)) {
            DecodedFrame f;
            while ((f = source.next()) != null) {
                assertThat(f.ptsMicros()).as("frame %d", ours).isGreaterThan(lastPts);
                lastPts = f.ptsMicros();
                ours++;
            }
            assertThat(source.width()).isEqualTo(768);
            assertThat(source.declaredDurationMicros()).isBetween(79_000_000L, 80_000_000L);
        }
        assertThat(ours).isEqualTo(Footage.ffprobeDecodedFrames(Footage.SAMPLE));
        assertThat(lastPts).isEqualTo((ours - 1) * 100_000); // 10 fps, first frame at 0
    }

    @Test
    void jpegIsTheDetectWidthAndLooksLikeFfmpegsOwnScaling() {
        Path clip = Footage.clip(dir, "clip.mp4", 1);
        Path reference = dir.resolve("ref.png");
        Footage.ffmpeg("-i", clip.toString(), "-vf", "scale=640:480:flags=area", "-frames:v", "1", reference.toString());
        byte[] jpeg;
        try (VideoSource source = VideoSource.openFile(clip, 1); JpegFrameEncoder encoder = new JpegFrameEncoder(640, 80)) {
            jpeg = encoder.encode(source.next().image());
            assertThat(encoder.width()).isEqualTo(640);
            assertThat(encoder.height()).isEqualTo(480); // 768x576 keeps 4:3
        }
        assertThat(jpeg).startsWith(0xFF, 0xD8); // a JPEG (SOI marker)
        try (Mat ours = imdecode(new Mat(jpeg), IMREAD_COLOR); Mat ref = imread(reference.toString()); Mat diff = new Mat()) {
            assertThat(ours.cols()).isEqualTo(640);
            assertThat(ours.rows()).isEqualTo(480);
            absdiff(ours, ref, diff);
            double meanDiff = (mean(diff).get(0) + mean(diff).get(1) + mean(diff).get(2)) / 3;
            // same picture, colours in BGR order: only JPEG loss remains (a swapped or shifted image differs by tens)
            assertThat(meanDiff).isLessThan(4);
        }
    }

    @Test
    void heightKeepsTheDisplayAspectRatioAndIsEven() {
        assertThat(JpegFrameEncoder.evenHeight(1920, 1080, 640)).isEqualTo(360);
        assertThat(JpegFrameEncoder.evenHeight(1280, 720, 640)).isEqualTo(360);
        assertThat(JpegFrameEncoder.evenHeight(720 * 64 / 45.0, 576, 640)).isEqualTo(360); // PAL 16:9 anamorphic
        assertThat(JpegFrameEncoder.evenHeight(700, 393, 640)).isEqualTo(360);
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.mp4");
        assertThatThrownBy(() -> VideoSource.openFile(missing, 1))
                .isInstanceOf(IngestException.class).hasMessage(missing + ": file not found");
    }

    @Test
    void nonVideoFileIsNamed() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "these are not the frames you are looking for\n".repeat(100));
        assertThatThrownBy(() -> VideoSource.openFile(text, 1))
                .isInstanceOf(IngestException.class)
                .hasMessageStartingWith(text + ": not a video file, or a corrupt or truncated one (FFmpeg: Invalid data found when processing input)");
    }

    @Test
    void fileWithoutVideoIsNamed() {
        Path audio = dir.resolve("tone.m4a");
        Footage.ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", audio.toString());
        assertThatThrownBy(() -> VideoSource.openFile(audio, 1))
                .isInstanceOf(IngestException.class)
                .hasMessage(audio + ": no video stream (found: audio aac)");
    }

    @Test
    void unsupportedCodecIsNamed() throws Exception {
        Path avi = dir.resolve("clip.avi");
        Footage.ffmpeg("-i", Footage.SAMPLE.toString(), "-t", "1", "-c:v", "mpeg4", "-vtag", "XVID", avi.toString());
        Path alien = dir.resolve("alien.avi");
        // the same file with a codec tag FFmpeg has never heard of, as an exotic camera codec would look
        Files.write(alien, new String(Files.readAllBytes(avi), StandardCharsets.ISO_8859_1)
                .replace("XVID", "ZQZQ").replace("FMP4", "ZQZQ").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> VideoSource.openFile(alien, 1))
                .isInstanceOf(IngestException.class)
                .hasMessage(alien + ": unsupported video codec 'ZQZQ' (unknown to FFmpeg)");
    }

    @Test
    void truncatedMp4IsNamed() throws Exception {
        Path cut = Footage.truncated(Footage.SAMPLE, dir.resolve("cut.mp4"), 0.5);
        assertThatThrownBy(() -> VideoSource.openFile(cut, 1))
                .isInstanceOf(IngestException.class)
                .hasMessageStartingWith(cut + ": not a video file, or a corrupt or truncated one");
    }
}
