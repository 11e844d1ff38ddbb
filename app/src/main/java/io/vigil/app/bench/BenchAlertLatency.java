package io.vigil.app.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Alert latency as the sink recorded it: for each alert's {@code new} event, the time it was stored in the
 * database minus the capture time of the frame that confirmed the object (less the camera's replay start
 * offset, see {@link BenchFrameArrivals}).
 */
record BenchAlertLatency(int count, long p50, long p95, long max) {

    static BenchAlertLatency of(String jdbcUrl, Collection<String> cameras, ToLongFunction<String> startOffset)
            throws SQLException {
        List<Long> latencies = new ArrayList<>();
        String sql = "SELECT a.camera, e.frame_time, e.stored_at FROM alert_events e JOIN alerts a ON a.id = e.alert_id"
                + " WHERE e.type = 'new' AND e.frame_time IS NOT NULL";
        try (Connection c = DriverManager.getConnection(jdbcUrl); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String camera = rs.getString(1);
                if (!cameras.contains(camera)) continue;
                latencies.add(rs.getLong(3) - rs.getLong(2) - startOffset.applyAsLong(camera));
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) return new BenchAlertLatency(0, -1, -1, -1);
        return new BenchAlertLatency(sorted.length, percentile(sorted, 50), percentile(sorted, 95), sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** e.g. "n=7  p50 240 ms  p95 410 ms  max 410 ms", or "no alerts". */
    String describe() {
        return count == 0 ? "no alerts" : String.format(Locale.ROOT, "n=%d  p50 %d ms  p95 %d ms  max %d ms", count, p50, p95, max);
    }
}
