package io.vigil.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.common.Json;
import io.vigil.vision.Detection;
import java.util.List;

/**
 * One image's detections as a JSON line:
 * {@code {"image":"person.jpg","width":640,"height":424,"ms":35.2,"detections":[{"label":"person","score":0.74,"box":[x1,y1,x2,y2]}]}}
 * (ms to 0.1, score to 0.01, box to 0.1 pixel).
 */
public final class DetectReport {
    private DetectReport() {}

    public static String jsonLine(String image, int width, int height, double ms, List<Detection> detections) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("image", image);
        line.put("width", width);
        line.put("height", height);
        line.put("ms", round(ms, 10));
        ArrayNode list = line.putArray("detections");
        for (Detection d : detections) {
            ObjectNode o = list.addObject();
            o.put("label", d.label());
            o.put("score", round(d.score(), 100));
            ArrayNode box = o.putArray("box");
            for (double v : d.box()) {
                box.add(round(v, 10));
            }
        }
        return Json.string(line);
    }

    private static double round(double value, int per) {
        return Math.round(value * per) / (double) per;
    }
}
