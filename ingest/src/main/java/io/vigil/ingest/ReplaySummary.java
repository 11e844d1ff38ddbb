package io.vigil.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a {@link Replay} did.
 *
 * @param camera            the camera id the files were published as
 * @param frames            frames published and acknowledged by the broker
 * @param filesOk           files decoded to their end without error (counted once per pass when looping)
 * @param errors            files that failed (or ended early), with the reason; their decodable frames are published
 * @param firstFrameTime    record timestamp of the first frame published, null when none
 * @param lastFrameTime     record timestamp of the last frame published, null when none
 * @param framesSkipped     frames over the topic's size limit, not published
 * @param framesFailed      frames the broker did not acknowledge
 * @param elapsed           wall time of the replay
 */
public record ReplaySummary(
        String camera,
        long frames,
        int filesOk,
        List<FileError> errors,
        Instant firstFrameTime,
        Instant lastFrameTime,
        long framesSkipped,
        long framesFailed,
        Duration elapsed) {

    /** A file that could not be replayed (or not to its end), and why; the message names the file. */
    public record FileError(Path file, String error) {}

    public int filesFailed() {
        return errors.size();
    }
}
