package io.vigil.sink;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Keyset paging position: the start time and id of the last alert of a page. Sent to clients as an
 * opaque URL-safe token.
 */
public record PageCursor(Instant startTime, String id) {

    public static PageCursor after(StoredAlert last) {
        return new PageCursor(last.startTime(), last.id());
    }

    public String encode() {
        String plain = startTime.toEpochMilli() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a token made by {@link #encode()}; throws IllegalArgumentException on anything else. */
    public static PageCursor decode(String token) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor returned by this API");
        }
        int bar = plain.indexOf('|');
        if (bar <= 0 || bar == plain.length() - 1) {
            throw new IllegalArgumentException("not a cursor returned by this API");
        }
        try {
            return new PageCursor(Instant.ofEpochMilli(Long.parseLong(plain.substring(0, bar))), plain.substring(bar + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a cursor returned by this API");
        }
    }
}
