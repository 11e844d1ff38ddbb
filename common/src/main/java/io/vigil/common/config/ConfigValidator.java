package io.vigil.common.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link VigilConfig}: first the range of every field as declared on it, then the few rules that span
 * fields. Every error names the field path in snake_case ({@code cameras[0].detect.fps: ...}) and, unless the
 * field may hold a secret, the bad value.
 */
public final class ConfigValidator {
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    /** Fields whose values are never repeated in an error: they may hold a password or a token. */
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|token|secret|url|jaas).*");

    private ConfigValidator() {}

    public static List<String> validate(VigilConfig c) {
        List<String> e = new ArrayList<>();
        for (ConstraintViolation<VigilConfig> v : VALIDATOR.validate(c)) e.add(describe(v));
        e.sort(null);
        crossFieldRules(c, e);
        return e;
    }

    private static String describe(ConstraintViolation<?> v) {
        StringBuilder path = new StringBuilder();
        String leaf = "";
        for (Path.Node node : v.getPropertyPath()) {
            if (node.isInIterable()) {
                if (node.getIndex() != null) path.append('[').append(node.getIndex()).append(']');
                else if (node.getKey() != null) path.append('.').append(node.getKey());
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                leaf = SNAKE.translate(node.getName());
                path.append('.').append(leaf);
            }
        }
        String field = path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
        String got = v.getInvalidValue() == null || SECRET.matcher(leaf).matches() ? "" : ", got " + value(v.getInvalidValue());
        return field + ": " + v.getMessage() + got;
    }

    private static String value(Object o) {
        return o instanceof String s ? "'" + s + "'" : String.valueOf(o);
    }

    /** What a constraint on one field cannot say. */
    private static void crossFieldRules(VigilConfig c, List<String> e) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; c.cameras != null && i < c.cameras.size(); i++) {
            VigilConfig.Camera cam = c.cameras.get(i);
            if (cam == null) continue;
            String p = "cameras[" + i + "]";
            if (cam.id != null && !ids.add(cam.id)) e.add(p + ".id: duplicate camera id '" + cam.id + "'");
            if (cam.url != null && !cam.url.isBlank() && !validUrl(cam.url)) e.add(p + ".url: not a URL or file path");
        }
        VigilConfig.Detector d = c.detector;
        if (d != null && d.model != null && d.model.endsWith(".onnx")) {
            if (d.inputSize == null) e.add("detector.input_size: required for an .onnx model (e.g. 640)");
            if (d.labels == null || d.labels.isEmpty()) e.add("detector.labels: required for an .onnx model (one label per class)");
        }
        if (d != null && d.inputSize != null && "nanodet".equals(d.model) && d.inputSize % 32 != 0) {
            // NanoDet's strides go up to 32 (centernet and yolov5s refuse a size other than theirs when they load)
            e.add("detector.input_size: nanodet needs a multiple of 32 (320 or 416), got " + d.inputSize);
        }
        if (d != null && d.objects != null) {
            for (Map.Entry<String, VigilConfig.ObjectRule> o : d.objects.entrySet()) {
                VigilConfig.ObjectRule r = o.getValue();
                if (r != null && r.maxArea < r.minArea) {
                    e.add("detector.objects." + o.getKey() + ": need min_area <= max_area, got " + r.minArea + ", " + r.maxArea);
                }
            }
        }
        for (int i = 0; c.cameras != null && i < c.cameras.size(); i++) {
            VigilConfig.Record r = c.cameras.get(i) == null ? null : c.cameras.get(i).record;
            if (r != null && r.eventsRetainDays < r.retainDays) {
                e.add("cameras[" + i + "].record.events_retain_days: must be >= retain_days, got " + r.eventsRetainDays);
            }
        }
        String db = c.sink == null ? null : c.sink.databaseUrl;
        if (db != null && !db.isBlank() && !db.startsWith("jdbc:sqlite:") && !db.startsWith("jdbc:postgresql:")) {
            e.add("sink.database_url: must be a jdbc:sqlite: or jdbc:postgresql: URL");
        }
        if (c.notify != null) c.notify.validate(e);
    }

    private static boolean validUrl(String url) {
        if (!url.contains("://")) return true; // a file path
        try {
            URI u = new URI(url);
            return u.getScheme() != null && (u.getHost() != null || "file".equals(u.getScheme()));
        } catch (Exception ex) {
            return false;
        }
    }
}
