package io.vigil.notify;

/** Vigil's MQTT topics under the configured prefix, and ids safe for Home Assistant. */
final class TopicNames {
    final String prefix;

    TopicNames(String prefix) {
        this.prefix = prefix;
    }

    /** A topic level from a camera id or label: no '/', '+', '#' or spaces. */
    static String level(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** An id Home Assistant accepts in a discovery topic: letters, digits, '_' and '-'. */
    static String id(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    String events() {
        return prefix + "/events";
    }

    String available() {
        return prefix + "/available";
    }

    String count(String camera, String label) {
        return prefix + "/" + level(camera) + "/" + level(label);
    }

    String snapshot(String camera, String label) {
        return count(camera, label) + "/snapshot";
    }

    String status(String camera) {
        return prefix + "/" + level(camera) + "/status";
    }
}
