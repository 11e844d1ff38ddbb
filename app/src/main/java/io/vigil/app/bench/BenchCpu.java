package io.vigil.app.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU use over a stretch of a benchmark: this process's share of the machine, and — on Linux, from
 * /proc/stat — the share other processes took meanwhile, so that a figure disturbed by a busy machine can
 * be told from a real one.
 */
final class BenchCpu {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** Kernel clock ticks per second (USER_HZ), 100 on every common Linux build. */
    private static final double TICKS_PER_SECOND = 100;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final long startNanos = System.nanoTime();
    private final long startProcessCpu = OS.getProcessCpuTime();
    private final long startBusyTicks = busyTicks();

    /** CPU shares (0..1 of all cores) since this was created. */
    record Shares(double ours, double others) {}

    static BenchCpu start() {
        return new BenchCpu();
    }

    Shares shares() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double ours = (OS.getProcessCpuTime() - startProcessCpu) / 1e9;
        long busy = busyTicks();
        double others = busy < 0 || startBusyTicks < 0 ? Double.NaN
                : Math.max(0, (busy - startBusyTicks) / TICKS_PER_SECOND - ours) / (wall * CORES);
        return new Shares(ours / (wall * CORES), others);
    }

    /** A share as a whole percentage, "?" when unknown. */
    static String percent(double share) {
        return Double.isNaN(share) ? "?" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /** Busy ticks of all CPUs (everything but idle and iowait), or -1 where /proc/stat is not readable. */
    private static long busyTicks() {
        try {
            String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) busy += Long.parseLong(f[i]); // 4 = idle, 5 = iowait
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
