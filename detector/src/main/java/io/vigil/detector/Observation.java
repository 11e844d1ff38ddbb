package io.vigil.detector;

import java.util.List;

/** A detection that passed the filters: label, score, box [x1, y1, x2, y2] in frame pixels, zones it is in. */
public record Observation(String label, double score, double[] box, List<String> zones) {}
