package io.vigil.sink;

import java.time.Instant;

/**
 * Filters for listing alerts, newest first. Null fields do not filter.
 *
 * @param from   alerts that started at or after this time
 * @param to     alerts that started before this time
 * @param cursor where the previous page ended ({@link AlertPage#nextCursor()})
 */
public record AlertQuery(String camera, String label, String zone, Instant from, Instant to, int limit,
                         PageCursor cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public static AlertQuery all(int limit) {
        return new AlertQuery(null, null, null, null, null, limit, null);
    }
}
