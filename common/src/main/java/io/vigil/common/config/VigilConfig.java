package io.vigil.common.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one configuration file of every service, {@code vigil.yml} (see {@code vigil.example.yml}).
 * Fields are public and mutable so that YAML, defaults and environment overrides can fill them in;
 * {@link ConfigValidator} checks them all at once.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class VigilConfig {
    public Kafka kafka = new Kafka();
    public List<Camera> cameras = new ArrayList<>();
    public Ingest ingest = new Ingest();
    public Detector detector = new Detector();
    public Sink sink = new Sink();
    public Recordings recordings = new Recordings();
    public NotifyConfig notify = new NotifyConfig();
    /** Where the embedded broker, state stores, model link and SQLite file live (single-node mode). */
    public String dataDir = "./data";

    public static class Kafka {
        public String bootstrapServers = "127.0.0.1:9092";
        /** Passed to every Kafka client as is, e.g. security.protocol, sasl.mechanism, ssl.truststore.location. */
        public Map<String, String> properties = new LinkedHashMap<>();
        public int partitions = 6;
        public int replicationFactor = 1;

        /** Settings for every Kafka client of every service: bootstrap.servers plus the passthrough {@link #properties}. */
        public Map<String, Object> clientConfig() {
            Map<String, Object> config = new LinkedHashMap<>();
            if (properties != null) config.putAll(properties);
            config.put("bootstrap.servers", bootstrapServers);
            return config;
        }
    }

    public static class Camera {
        public String id;
        public String url;
        public boolean enabled = true;
        public Detect detect = new Detect();
        public int jpegQuality = 80;
        /** tcp or udp. */
        public String rtspTransport = "tcp";
        /** Seconds without a frame before the camera is reconnected. */
        public int watchdogSeconds = 20;
        /** name → polygon [[x, y], ...] in detect-frame pixels. */
        public Map<String, List<List<Double>>> zones = new LinkedHashMap<>();
        /** Detections whose bottom-centre falls in one of these are dropped. */
        public List<List<List<Double>>> objectMasks = new ArrayList<>();
        /** Motion inside these is ignored. */
        public List<List<List<Double>>> motionMasks = new ArrayList<>();
        /** Continuous recording of the camera's stream (MP4 segments, not re-encoded). */
        public Record record = new Record();
    }

    /** Per-camera recording ({@code record:} of a camera). */
    public static class Record {
        public boolean enabled = false;
        /** all = keep every segment; events = keep only segments an alert touched (plus pre/post capture). */
        public String mode = "all";
        public int segmentSeconds = 10;
        /** Segments older than this are deleted (unless an alert touched them). */
        public int retainDays = 7;
        /** Segments an alert touched are kept this long. */
        public int eventsRetainDays = 30;
        /** Seconds of footage before an alert's start and after its end that its clip (and events retention) covers. */
        public int preCapture = 5;
        public int postCapture = 5;
    }

    /** Where the recording segments live, shared by ingest (writes) and the sink (indexes, cuts clips, deletes). */
    public static class Recordings {
        /** Default: DATA_DIR/recordings. */
        public String dir;
        /** When the recordings' filesystem has less free space than this, the oldest segments are deleted first. */
        public long minFreeMb = 1024;
    }

    public static class Detect {
        public double fps = 5;
        public int width = 640;
    }

    public static class Ingest {
        /** /health and /metrics of `vigil ingest`. */
        public int httpPort = 8082;
    }

    public static class Detector {
        /** nanodet (default), yolov5s, or a path to a YOLO-style .onnx file. */
        public String model = "nanodet";
        /** For a user .onnx file: its square input size and its label list (one per class, in order). */
        public Integer inputSize;
        public List<String> labels;
        public String modelCache;
        public int threads = 1;
        /** Kafka Streams threads, each running the CNN on its own cameras; 0 = one per core. */
        public int streamThreads = 0;
        public String applicationId = "vigil-detector";
        public int standbyReplicas = 0;
        /** label → rule; labels not listed are not alerted on. */
        public Map<String, ObjectRule> objects = defaultObjects();
        public Motion motion = new Motion();
        public Tracker tracker = new Tracker();
        public int httpPort = 8081;
    }

    public static class ObjectRule {
        public double minScore = 0.5;
        public double minArea = 0;
        public double maxArea = Double.MAX_VALUE;
    }

    public static class Motion {
        public int threshold = 25;
        public double minChangedFraction = 0.002;
        public double forcedCheckSeconds = 5;
    }

    public static class Tracker {
        public int minHits = 3;
        public double confirmScore = 0.55;
        public double minIou = 0.2;
        public double endAfterSeconds = 10;
        /** Detections from this score up to the label's min score only keep confirmed tracks alive (ByteTrack). */
        public double lowScore = 0.3;
        /** Overlap a low-score detection needs with a track's predicted box. */
        public double lowMinIou = 0.4;
        /** Observations without moving after which an object is stationary. */
        public int stationaryFrames = 10;
        /** A stationary object alone makes the CNN run only every this many frames. */
        public int stationaryInterval = 10;
        /** A detection matching no track starts one only from this score. */
        public double startScore = 0.6;
    }

    public static class Sink {
        /** JDBC URL; empty = SQLite file vigil.db in the data directory. */
        public String databaseUrl;
        public String databaseUser;
        public String databasePassword;
        public int httpPort = 8080;
        /** Interface the sink listens on; empty = 127.0.0.1 for vigil up, 0.0.0.0 for the sink service. */
        public String httpHost;
        /** When set, every /api request needs "Authorization: Bearer <token>". */
        public String apiToken;
        public int retentionDays = 30;
        /** Disk cap of all snapshots in the database, in MiB; beyond it the oldest snapshots go (alerts stay). */
        public long snapshotsMaxMb = 10240;
        public String groupId = "vigil-sink";
    }

    static Map<String, ObjectRule> defaultObjects() {
        Map<String, ObjectRule> m = new LinkedHashMap<>();
        for (String l : new String[] {"person", "car", "bicycle", "motorcycle", "bus", "truck", "dog", "cat"}) {
            m.put(l, new ObjectRule());
        }
        return m;
    }
}
