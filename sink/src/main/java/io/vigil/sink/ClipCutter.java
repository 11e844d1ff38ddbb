package io.vigil.sink;

import io.vigil.common.media.FfmpegCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Cuts a span of a camera's recorded video into one MP4 without re-encoding: FFmpeg's concat demuxer over the
 * segments (or the replayed file) that cover it, seeking to the keyframe at or before the start ({@code -ss} on the
 * input with {@code -c copy}), so the clip starts on a keyframe; {@code +faststart} puts the index first so a browser
 * can play and seek at once. Cut clips are kept for a few minutes in a work directory.
 */
public final class ClipCutter {
    private static final Duration KEEP = Duration.ofMinutes(10);
    private static final int MAX_PIECES = 2000;

    private final RecordingIndex index;
    private final Path workDir;

    public ClipCutter(RecordingIndex index, Path workDir) {
        this.index = index;
        this.workDir = workDir;
    }

    /** The span actually recorded within [from, to] of a camera, cut into an MP4 in the work directory; empty when nothing covers it. */
    public synchronized Optional<Path> cut(String camera, Instant from, Instant to) throws SQLException {
        List<RecordingIndex.Entry> pieces = new ArrayList<>();
        for (RecordingIndex.Entry e : index.find(camera, from, to, MAX_PIECES)) {
            if (Files.isRegularFile(Path.of(e.path()))) pieces.add(e);
        }
        if (pieces.isEmpty()) return Optional.empty();
        Instant start = from.isBefore(pieces.get(0).start()) ? pieces.get(0).start() : from;
        Instant lastEnd = pieces.get(pieces.size() - 1).end();
        Instant end = to.isAfter(lastEnd) ? lastEnd : to;
        if (!end.isAfter(start)) return Optional.empty();
        try {
            Files.createDirectories(workDir);
            removeOld();
            StringBuilder key = new StringBuilder(camera).append(start).append(end);
            pieces.forEach(p -> key.append(p.id()).append(p.end()));
            Path out = workDir.resolve(hash(key.toString()) + ".mp4");
            if (Files.isRegularFile(out)) return Optional.of(out);
            Path list = Files.createTempFile(workDir, "concat", ".txt");
            Path partial = Files.createTempFile(workDir, "clip", ".mp4");
            try {
                Files.writeString(list, concatList(pieces, start, end), StandardCharsets.UTF_8);
                FfmpegCli.run(List.of("-y", "-f", "concat", "-safe", "0", "-i", list.toString(),
                        "-map", "0:v:0", "-c", "copy",
                        "-avoid_negative_ts", "make_zero", "-movflags", "+faststart", "-f", "mp4", partial.toString()), 120);
                Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return Optional.of(out);
            } finally {
                Files.deleteIfExists(list);
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cut a clip of camera " + camera + " in " + workDir, e);
        }
    }

    /**
     * FFmpeg's concat script: each piece's own in/out points (so gaps between pieces do not shift the cut); with
     * stream copy the demuxer starts at the keyframe at or before the in point.
     */
    static String concatList(List<RecordingIndex.Entry> pieces, Instant start, Instant end) {
        StringBuilder lines = new StringBuilder("ffconcat version 1.0\n");
        for (RecordingIndex.Entry p : pieces) {
            lines.append("file '").append(p.path().replace("'", "'\\''")).append("'\n");
            if (start.isAfter(p.start())) lines.append("inpoint ").append(seconds(Duration.between(p.start(), start))).append('\n');
            if (end.isBefore(p.end())) lines.append("outpoint ").append(seconds(Duration.between(p.start(), end))).append('\n');
        }
        return lines.toString();
    }

    private void removeOld() throws IOException {
        Instant before = Instant.now().minus(KEEP);
        try (var files = Files.list(workDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) Files.deleteIfExists(f);
            }
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    private static String hash(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
