package io.vigil.detector;

import java.util.List;

/**
 * Per-camera geometry in frame pixels (of the detect-width frames on the topic).
 *
 * @param zones       named zones; an object is in a zone when the bottom-centre of its box is inside
 * @param objectMasks detections whose bottom-centre is inside one of these are dropped
 * @param motionMasks motion inside these is ignored by the motion gate
 */
public record CameraRules(List<Polygon> zones, List<Polygon> objectMasks, List<Polygon> motionMasks) {
    public static final CameraRules NONE = new CameraRules(List.of(), List.of(), List.of());
}
