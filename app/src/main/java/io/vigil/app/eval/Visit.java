package io.vigil.app.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A person in view from entering to leaving, in seconds from the recording's first frame: a row of a
 * visit file (tab-separated, header {@code id start_s end_s ...}; further columns are ignored).
 */
public record Visit(String id, double start, double end) {

    /** Reads a visit file; a malformed line is an error naming the file and line. */
    public static List<Visit> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) throw new IllegalArgumentException(file + ": empty visit file (header id, start_s, end_s expected)");
        List<String> header = Arrays.asList(lines.get(0).strip().split("\t"));
        int id = header.indexOf("id"), start = header.indexOf("start_s"), end = header.indexOf("end_s");
        if (id < 0 || start < 0 || end < 0) {
            throw new IllegalArgumentException(file + ": the header must name the columns id, start_s and end_s, got " + header);
        }
        List<Visit> visits = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            try {
                Visit v = new Visit(f[id].strip(), Double.parseDouble(f[start].strip()), Double.parseDouble(f[end].strip()));
                if (v.end < v.start) throw new IllegalArgumentException("end_s before start_s");
                visits.add(v);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a visit (" + e.getMessage() + "): " + line);
            }
        }
        return visits;
    }
}
