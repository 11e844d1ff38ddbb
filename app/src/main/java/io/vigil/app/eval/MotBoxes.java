package io.vigil.app.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Boxes ground truth in the MOTChallenge text format (as in MOT's {@code gt/gt.txt}): comma-separated
 * {@code frame,id,x,y,w,h[,conf[,class[,visibility]]]}, one row per object per frame; frame numbers start at 1 and
 * count the recording's frames at its frame rate; x, y (top left), w, h in pixels of the recording.
 * As MOTChallenge does, a row whose 7th column is 0 is not to be considered, and a row whose 8th column is set
 * must be class 1 (pedestrian), or -1 as MOT15 writes it, to count: other classes are left out.
 */
public final class MotBoxes {
    /** One ground-truth box: the object's id in the file and [x1, y1, x2, y2]. */
    public record Box(String id, double[] box) {}

    private final Map<Integer, List<Box>> byFrame;
    private final int lastFrame;

    private MotBoxes(Map<Integer, List<Box>> byFrame) {
        this.byFrame = byFrame;
        this.lastFrame = byFrame.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Reads a file; a malformed row is an error naming the file, line and field. */
    public static MotBoxes read(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    static MotBoxes parse(List<String> lines, String name) {
        Map<Integer, List<Box>> byFrame = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s*,\\s*");
            String where = name + " line " + (i + 1);
            if (f.length < 6) throw new IllegalArgumentException(where + ": expected frame,id,x,y,w,h[,...], got: " + line);
            int frame = (int) number(f, 0, "frame", where);
            if (frame < 1 || frame != number(f, 0, "frame", where)) {
                throw new IllegalArgumentException(where + ": frame must be a whole number from 1, got " + f[0]);
            }
            double x = number(f, 2, "x", where), y = number(f, 3, "y", where);
            double w = number(f, 4, "w", where), h = number(f, 5, "h", where);
            if (w <= 0 || h <= 0) throw new IllegalArgumentException(where + ": w and h must be > 0, got " + f[4] + ", " + f[5]);
            if (f.length > 6 && number(f, 6, "conf", where) == 0) continue;
            if (f.length > 7) {
                double cls = number(f, 7, "class", where);
                if (cls != 1 && cls != -1) continue;
            }
            byFrame.computeIfAbsent(frame, k -> new ArrayList<>()).add(new Box(f[1], new double[] {x, y, x + w, y + h}));
        }
        return new MotBoxes(byFrame);
    }

    private static double number(String[] f, int i, String field, String where) {
        try {
            double v = Double.parseDouble(f[i]);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + field + " is not a number: " + f[i]);
        }
    }

    /** The boxes of frame {@code n} (1-based); empty when the file has none there. */
    public List<Box> frame(int n) {
        return byFrame.getOrDefault(n, List.of());
    }

    /** The highest frame number in the file. */
    public int lastFrame() {
        return lastFrame;
    }

    /** How many boxes the file holds (rows that count). */
    public int size() {
        return byFrame.values().stream().mapToInt(List::size).sum();
    }
}
