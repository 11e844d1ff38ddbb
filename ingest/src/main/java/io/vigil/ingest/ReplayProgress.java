package io.vigil.ingest;

import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a {@link Replay}, reported about once a second.
 *
 * @param frames            frames published so far
 * @param framesPerSecond   publishing rate over the last report interval
 * @param mediaSeconds      position in the recording (all files as one timeline), seconds
 * @param totalMediaSeconds length of the recording, seconds; NaN when unknown or looping
 * @param eta               estimated time left; null when unknown or looping
 */
public record ReplayProgress(long frames, double framesPerSecond, double mediaSeconds, double totalMediaSeconds, Duration eta) {

    /** Fraction done, 0..1, or NaN when the total is unknown. */
    public double fraction() {
        return totalMediaSeconds > 0 ? Math.min(1, mediaSeconds / totalMediaSeconds) : Double.NaN;
    }

    /** A one-line progress bar for a terminal, e.g. {@code [#########.........]  45%  180 frames  38.2 fps  ETA 0:12}. */
    public String bar(int width) {
        StringBuilder line = new StringBuilder();
        double f = fraction();
        if (!Double.isNaN(f)) {
            int done = (int) Math.round(f * width);
            line.append('[').append("#".repeat(done)).append(".".repeat(width - done)).append(']')
                    .append(String.format(Locale.ROOT, " %3d%%", Math.round(f * 100)));
        }
        line.append(String.format(Locale.ROOT, "  %d frames  %.1f fps", frames, framesPerSecond));
        if (eta != null) {
            long s = eta.toSeconds();
            line.append(String.format(Locale.ROOT, "  ETA %d:%02d", s / 60, s % 60));
        }
        return line.toString();
    }
}
