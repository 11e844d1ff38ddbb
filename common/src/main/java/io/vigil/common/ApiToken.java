package io.vigil.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The one rule for Vigil's HTTP endpoints (sink, detector, ingest): when an API token is configured, a
 * request proves it with {@code Authorization: Bearer <token>} ("bearer" in any case) or with the cookie
 * the page gets from its login step; the query form {@code ?access_token=} only where a browser cannot
 * send either (images, EventSource) and the caller allows it. A blank configured token is an error, not
 * authentication switched off. The token is compared in constant time and never logged.
 */
public final class ApiToken {
    public static final String COOKIE = "vigil_token";
    public static final String QUERY = "access_token";
    private static final String BEARER = "bearer ";
    private final byte[] token;

    private ApiToken(byte[] token) {
        this.token = token;
    }

    /** @param configured the configured token, or null for none */
    public static ApiToken of(String configured) {
        if (configured == null) return new ApiToken(null);
        if (configured.isBlank()) {
            throw new IllegalArgumentException("api_token is blank; remove it to switch the token off, or set a real one");
        }
        return new ApiToken(configured.getBytes(StandardCharsets.UTF_8));
    }

    public boolean required() {
        return token != null;
    }

    /** The token given by an {@code Authorization} header value, or null. */
    public static String fromAuthorization(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
        return header.substring(BEARER.length()).trim();
    }

    /**
     * Whether the request may pass: no token configured, or one of the given proofs matches.
     *
     * @param query the query parameter's value, only where the caller accepts the query form (else null)
     */
    public boolean accepts(String authorization, String cookie, String query) {
        if (token == null) return true;
        for (String given : new String[] {fromAuthorization(authorization), cookie, query}) {
            if (given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) return true;
        }
        return false;
    }

    /** The Set-Cookie value of the page's login: not readable by scripts, not sent by other sites. */
    public String loginCookie() {
        return COOKIE + "=" + new String(token, StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Strict";
    }

    @Override
    public String toString() {
        return token == null ? "ApiToken[none]" : "ApiToken[" + Redaction.HIDDEN + "]";
    }
}
