package io.vigil.sink;

import java.time.Instant;
import java.util.List;

/** One event of an alert's history, as received. */
public record AlertEventEntry(int seq, String type, Instant frameTime, double score, double topScore,
                              double[] box, List<String> zones) {}
