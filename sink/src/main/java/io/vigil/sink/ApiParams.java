package io.vigil.sink;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** Reads and checks query parameters; anything unacceptable becomes a {@link BadParameterException}. */
final class ApiParams {
    private static final int MAX_TEXT = 200;
    static final String TOKEN = io.vigil.common.ApiToken.QUERY;
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final Context ctx;

    private ApiParams(Context ctx) {
        this.ctx = ctx;
    }

    /** Reads the parameters of {@code ctx}, rejecting names outside {@code allowed} and repeated names. */
    static ApiParams of(Context ctx, Set<String> allowed) {
        for (var entry : ctx.queryParamMap().entrySet()) {
            String name = entry.getKey();
            if (!allowed.contains(name) && !name.equals(TOKEN)) {
                throw new BadParameterException(clip(name), "unknown parameter '" + clip(name) + "'; known: "
                        + allowed.stream().sorted().toList());
            }
            if (entry.getValue().size() > 1) {
                throw new BadParameterException(name, "parameter '" + name + "' is given more than once");
            }
        }
        return new ApiParams(ctx);
    }

    /** A text value, or null if absent or empty. */
    String text(String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) return null;
        if (v.length() > MAX_TEXT) {
            throw new BadParameterException(name, "parameter '" + name + "' is longer than " + MAX_TEXT + " characters");
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw new BadParameterException(name, "parameter '" + name + "' contains control characters");
        }
        return v;
    }

    /** An ISO-8601 time with a zone or offset (e.g. 2024-05-01T12:00:00Z), or null if absent. */
    Instant instant(String name) {
        String v = text(name);
        if (v == null) return null;
        Instant t;
        try {
            t = OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameterException(name, "parameter '" + name
                    + "' must be an ISO-8601 time with an offset, e.g. 2024-05-01T12:00:00Z");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new BadParameterException(name, "parameter '" + name + "' must be between " + EARLIEST + " and " + LATEST);
        }
        return t;
    }

    int integer(String name, int defaultValue, int min, int max) {
        String v = text(name);
        if (v == null) return defaultValue;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new BadParameterException(name, "parameter '" + name + "' must be a whole number from " + min
                + " to " + max);
    }

    PageCursor cursor(String name) {
        String v = text(name);
        if (v == null) return null;
        try {
            return PageCursor.decode(v);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(name, "parameter '" + name + "' is " + e.getMessage());
        }
    }

    private static String clip(String s) {
        return s.length() <= 50 ? s : s.substring(0, 50) + "...";
    }
}
