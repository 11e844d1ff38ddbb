package io.vigil.common;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where secrets are taken out of URLs and texts before they are shown anywhere (log, error,
 * status, metric, API, page). Camera and database URLs are redacted where they enter; third-party error
 * text that may quote a URL goes through {@link #text}.
 *
 * <p>Hidden: the whole userinfo ({@code user:password@}, also when the password holds '@'), and the value
 * of every query or path parameter ({@code ?x=}, {@code &x=}, {@code ;x=}, {@code _x=}) whose name looks
 * like a user, password, token, key, secret or auth. Over-redacting is preferred to leaking: a hidden value
 * runs to the next '&', ';' or '#'.
 */
public final class Redaction {
    public static final String HIDDEN = "***";
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&;/_]([a-z0-9_.-]*(?:user|pass|pwd|token|key|auth|secret|cred|sig)[a-z0-9_.-]*)=)([^&;#]*)");
    private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'<>]+");
    /** Secrets shorter than this are not searched for in free text (they would mangle it). */
    private static final int MIN_SECRET_LENGTH = 3;

    private Redaction() {}

    /** The URL (or JDBC URL, or file path) with its userinfo and secret-looking parameters hidden. */
    public static String url(String url) {
        if (url == null) return null;
        String out = url;
        int scheme = out.indexOf("://");
        if (scheme >= 0) {
            int start = scheme + 3;
            int at = userinfoEnd(out, start);
            if (at > start) out = out.substring(0, start) + HIDDEN + out.substring(at);
        }
        return SECRET_PARAM.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + (m.group(3).isEmpty() ? "" : HIDDEN)));
    }

    /** Index of the '@' that ends the userinfo, or -1: the last '@' before any query or fragment. */
    private static int userinfoEnd(String url, int start) {
        int end = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c, start);
            if (i >= 0 && i < end) end = i;
        }
        return url.lastIndexOf('@', end - 1) >= start ? url.lastIndexOf('@', end - 1) : -1;
    }

    /** The parts of a URL that are secret, raw and percent-decoded, for {@link #text}. */
    public static List<String> secretsOf(String url) {
        Set<String> secrets = new LinkedHashSet<>();
        if (url == null) return List.of();
        int scheme = url.indexOf("://");
        if (scheme >= 0) {
            int start = scheme + 3;
            int at = userinfoEnd(url, start);
            if (at > start) {
                String userinfo = url.substring(start, at);
                secrets.add(userinfo);
                int colon = userinfo.indexOf(':');
                if (colon >= 0) secrets.add(userinfo.substring(colon + 1));
            }
        }
        Matcher m = SECRET_PARAM.matcher(url);
        while (m.find()) if (!m.group(3).isEmpty()) secrets.add(m.group(3));
        List<String> all = new ArrayList<>();
        for (String s : secrets) {
            all.add(s);
            try {
                String decoded = URLDecoder.decode(s, StandardCharsets.UTF_8);
                if (!decoded.equals(s)) all.add(decoded);
            } catch (IllegalArgumentException e) {
                // not percent-encoded
            }
        }
        all.removeIf(s -> s.length() < MIN_SECRET_LENGTH);
        all.sort((a, b) -> b.length() - a.length()); // longest first, so a part never leaves the rest behind
        return all;
    }

    /**
     * Free text (an exception message of FFmpeg, JavaCV or a JDBC driver) with every URL in it redacted and,
     * for each of the given URLs, the URL itself and its secret parts hidden wherever they appear.
     */
    public static String text(String text, String... urls) {
        if (text == null) return null;
        String out = text;
        for (String u : urls) {
            if (u == null || u.isEmpty()) continue;
            out = out.replace(u, url(u));
            for (String secret : secretsOf(u)) out = out.replace(secret, HIDDEN);
        }
        Matcher m = URL_IN_TEXT.matcher(out);
        out = m.replaceAll(r -> Matcher.quoteReplacement(url(r.group())));
        return SECRET_PARAM.matcher(out).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + (r.group(3).isEmpty() ? "" : HIDDEN)));
    }

    /** The text with each given secret (a password, a token) replaced by {@link #HIDDEN}; empty secrets are ignored. */
    public static String hide(String text, String... secrets) {
        if (text == null) return null;
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) out = out.replace(secret, HIDDEN);
        }
        return out;
    }
}
