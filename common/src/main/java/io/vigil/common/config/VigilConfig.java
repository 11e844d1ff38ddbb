package io.vigil.common.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one configuration file of every service, {@code vigil.yml} (see {@code vigil.example.yml}), and its schema:
 * each setting is declared here once, with its default (the field's initial value), its range (Jakarta Validation
 * constraints) and a one-line description ({@link JsonPropertyDescription}). {@link ConfigValidator} checks the
 * constraints plus the few rules that span fields; {@link ConfigSchema} turns the same declarations into a JSON
 * Schema. Fields are public and mutable so that YAML, defaults and environment overrides can fill them in.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class VigilConfig {
    @Valid @NotNull public Kafka kafka = new Kafka();
    @JsonPropertyDescription("The cameras; an empty list runs no camera")
    @Valid @NotNull public List<@NotNull(message = "empty entry") @Valid Camera> cameras = new ArrayList<>();
    @Valid @NotNull public Ingest ingest = new Ingest();
    @Valid @NotNull public Detector detector = new Detector();
    @Valid @NotNull public Sink sink = new Sink();
    @Valid @NotNull public Recordings recordings = new Recordings();
    @Valid @NotNull public NotifyConfig notify = new NotifyConfig();
    @JsonPropertyDescription("Where the embedded broker, state stores, model link and SQLite file live (single-node mode)")
    @NotBlank public String dataDir = "./data";

    public static class Kafka {
        @JsonPropertyDescription("Kafka bootstrap servers, host:port[,host:port...]")
        @NotBlank public String bootstrapServers = "127.0.0.1:9092";
        @JsonPropertyDescription("Passed to every Kafka client as is, e.g. security.protocol, sasl.mechanism, ssl.truststore.location")
        @NotNull public Map<@NotBlank String, @NotNull(message = "needs a value") String> properties = new LinkedHashMap<>();
        @JsonPropertyDescription("Partitions of every topic; a camera's frames always go to one partition")
        @Min(1) @Max(10_000) public int partitions = 6;
        @JsonPropertyDescription("Replication factor of every topic (3 in a cluster)")
        @Min(1) @Max(32) public int replicationFactor = 1;

        /** Settings for every Kafka client of every service: bootstrap.servers plus the passthrough {@link #properties}. */
        public Map<String, Object> clientConfig() {
            Map<String, Object> config = new LinkedHashMap<>();
            if (properties != null) config.putAll(properties);
            config.put("bootstrap.servers", bootstrapServers);
            return config;
        }
    }

    public static class Camera {
        /** A camera id: the record key of its frames, and part of topic headers, metric names and URLs. */
        public static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

        @JsonPropertyDescription("Camera id: 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit")
        @NotNull @Pattern(regexp = ID_PATTERN, message = "must be 1-64 letters, digits, '_', '.' or '-'") public String id;
        @JsonPropertyDescription("rtsp://user:pass@host:554/stream, another FFmpeg URL, or a video file path (played in a loop)")
        @NotBlank public String url;
        @JsonPropertyDescription("false = configured but not started")
        public boolean enabled = true;
        @Valid @NotNull public Detect detect = new Detect();
        @JsonPropertyDescription("JPEG quality of the frames sent to the detector")
        @Min(1) @Max(100) public int jpegQuality = 80;
        @JsonPropertyDescription("RTSP transport: tcp or udp (any case)")
        @NotNull @Pattern(regexp = "^([tT][cC][pP]|[uU][dD][pP])$", message = "must be tcp or udp") public String rtspTransport = "tcp";
        @JsonPropertyDescription("Seconds without a frame before the camera is reconnected")
        @Min(1) @Max(3600) public int watchdogSeconds = 20;
        @JsonPropertyDescription("Zone name -> polygon [[x, y], ...] in detect-frame pixels; an object is in a zone when the bottom-centre of its box is inside")
        @NotNull public Map<@NotBlank String, @NotNull @Size(min = 3, message = "a polygon needs at least 3 points [x, y]") List<@NotNull @Size(min = 2, max = 2, message = "a point is [x, y]") List<@NotNull @PositiveOrZero Double>>> zones = new LinkedHashMap<>();
        @JsonPropertyDescription("Polygons; detections whose bottom-centre falls in one of these are dropped")
        @NotNull public List<@NotNull @Size(min = 3, message = "a polygon needs at least 3 points [x, y]") List<@NotNull @Size(min = 2, max = 2, message = "a point is [x, y]") List<@NotNull @PositiveOrZero Double>>> objectMasks = new ArrayList<>();
        @JsonPropertyDescription("Polygons; motion inside these is ignored (trees, timestamp overlays)")
        @NotNull public List<@NotNull @Size(min = 3, message = "a polygon needs at least 3 points [x, y]") List<@NotNull @Size(min = 2, max = 2, message = "a point is [x, y]") List<@NotNull @PositiveOrZero Double>>> motionMasks = new ArrayList<>();
        @Valid @NotNull public Record record = new Record();
    }

    /** Per-camera recording ({@code record:} of a camera). */
    public static class Record {
        @JsonPropertyDescription("Continuous recording of the camera's stream (MP4 segments, not re-encoded)")
        public boolean enabled = false;
        @JsonPropertyDescription("all = keep every segment; motion = keep only segments the motion gate or an alert touched;"
                + " events = keep only segments an alert touched (touched: within pre/post capture)")
        @NotNull @Pattern(regexp = "^(all|motion|events)$", message = "must be all, motion or events")
        public String mode = "all";
        @JsonPropertyDescription("Length of one recording segment")
        @Min(1) @Max(600) public int segmentSeconds = 10;
        @JsonPropertyDescription("Segments older than this many days are deleted (unless an alert touched them); in mode motion, how long segments with motion are kept")
        @Min(0) @Max(36_500) public int retainDays = 7;
        @JsonPropertyDescription("Segments an alert touched are kept this many days (at least retain_days)")
        @Min(0) @Max(36_500) public int eventsRetainDays = 30;
        @JsonPropertyDescription("Seconds of footage before an alert's start that its clip (and events retention) covers")
        @Min(0) @Max(300) public int preCapture = 5;
        @JsonPropertyDescription("Seconds of footage after an alert's end that its clip (and events retention) covers")
        @Min(0) @Max(300) public int postCapture = 5;
    }

    /** Where the recording segments live, shared by ingest (writes) and the sink (indexes, cuts clips, deletes). */
    public static class Recordings {
        @JsonPropertyDescription("Directory of the recording segments; default DATA_DIR/recordings")
        public String dir;
        @JsonPropertyDescription("When the recordings' filesystem has less free space than this (MiB), the oldest segments are deleted first")
        @Min(0) @Max(100_000_000) public long minFreeMb = 1024;
    }

    public static class Detect {
        @JsonPropertyDescription("Frames per second sent to the detector, sampled by capture time")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("30") public double fps = 5;
        @JsonPropertyDescription("Width the frames are scaled to, aspect ratio kept; zones and masks are in pixels of this frame")
        @Min(32) @Max(3840) public int width = 640;
    }

    public static class Ingest {
        @JsonPropertyDescription("HTTP port of `vigil ingest` (/health, /metrics); 0 = any free port")
        @Min(0) @Max(65535) public int httpPort = 8082;
    }

    public static class Detector {
        @JsonPropertyDescription("nanodet (Apache-2.0), centernet (MIT package), yolov5s (AGPL weights), or a path to a YOLO-style .onnx file")
        @NotNull @Pattern(regexp = "^(nanodet|centernet|yolov5s|.+\\.onnx)$", message = "must be nanodet, centernet, yolov5s or a path to an .onnx file")
        public String model = "nanodet";
        @JsonPropertyDescription("Square network input size: nanodet 416 (default) or 320 (its native size; any multiple of 32);"
                + " required for a user .onnx model; centernet (512) and yolov5s (640) are fixed")
        @Min(32) @Max(4096) public Integer inputSize;
        @JsonPropertyDescription("Class labels of a user .onnx model, one per class in order (required for one)")
        public List<@NotBlank String> labels;
        @JsonPropertyDescription("Where fetched and converted models are kept; default ~/.cache/vigil/models")
        public String modelCache;
        @JsonPropertyDescription("ONNX Runtime intra-op threads per stream thread")
        @Min(1) @Max(256) public int threads = 1;
        @JsonPropertyDescription("Kafka Streams threads, each running the CNN on its own cameras; 0 = one per core")
        @Min(0) @Max(256) public int streamThreads = 0;
        @JsonPropertyDescription("Kafka Streams application id (consumer group of the detectors)")
        @NotBlank public String applicationId = "vigil-detector";
        @JsonPropertyDescription("Standby replicas of the detector state (1 in a cluster: another instance takes over at once)")
        @Min(0) @Max(10) public int standbyReplicas = 0;
        @JsonPropertyDescription("Label -> rule; labels not listed are not alerted on")
        @NotEmpty(message = "at least one label is needed") @JsonSetter(contentNulls = Nulls.AS_EMPTY)
        public Map<@NotBlank String, @NotNull @Valid ObjectRule> objects = defaultObjects();
        @Valid @NotNull public Motion motion = new Motion();
        @Valid @NotNull public Regions regions = new Regions();
        @Valid @NotNull public Tracker tracker = new Tracker();
        @JsonPropertyDescription("HTTP port of the detector (interactive queries, /health, /metrics); 0 = any free port")
        @Min(0) @Max(65535) public int httpPort = 8081;
    }

    public static class ObjectRule {
        @JsonPropertyDescription("Detections of this label below this score are dropped")
        @DecimalMin("0") @DecimalMax("1") public double minScore = 0.5;
        @JsonPropertyDescription("Smallest box area in detect-frame pixels")
        @DecimalMin("0") public double minArea = 0;
        @JsonPropertyDescription("Largest box area in detect-frame pixels")
        @DecimalMin("0") public double maxArea = Double.MAX_VALUE;
    }

    public static class Motion {
        @JsonPropertyDescription("Grey-level change that counts a pixel as moving")
        @Min(1) @Max(255) public int threshold = 25;
        @JsonPropertyDescription("Share of moving pixels that makes a frame worth the CNN")
        @DecimalMin("0") @DecimalMax("1") public double minChangedFraction = 0.002;
        @JsonPropertyDescription("The CNN still runs this often without motion (stationary objects)")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("3600") public double forcedCheckSeconds = 5;
    }

    /** Where the CNN looks: square crops of the detect frame, the model's input size, around motion and tracked objects. */
    public static class Regions {
        @JsonPropertyDescription("Most CNN crops (regions around motion and tracked objects) per frame, what waited longest first; 0 = always the whole frame scaled down (off; 4 with detect width 1280 finds far people)")
        @Min(0) @Max(64) public int maxPerFrame = 0;
        @JsonPropertyDescription("Share of the frame that motion may cover before the whole frame is inferred instead of regions")
        @DecimalMin("0") @DecimalMax("1") public double fullFrameMotion = 0.5;
    }

    public static class Tracker {
        @JsonPropertyDescription("Frames an object must be seen in before it is an alert")
        @Min(1) @Max(1000) public int minHits = 3;
        @JsonPropertyDescription("Median score (of the recent frames) an object needs to become an alert")
        @DecimalMin("0") @DecimalMax("1") public double confirmScore = 0.55;
        @JsonPropertyDescription("Overlap of a detection with a track's predicted box for them to match")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") public double minIou = 0.2;
        @JsonPropertyDescription("An alert ends when its object has been gone this long (stream time)")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("86400") public double endAfterSeconds = 10;
        @JsonPropertyDescription("An unconfirmed object missing this long (stream time) is forgotten")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("86400") public double tentativeSeconds = 2;
        @JsonPropertyDescription("Rise of an alert's top score that emits an update with a new snapshot")
        @DecimalMin("0") @DecimalMax("1") public double scoreRise = 0.05;
        @JsonPropertyDescription("Detections from this score up to the label's min score only keep confirmed tracks alive (ByteTrack)")
        @DecimalMin("0") @DecimalMax("1") public double lowScore = 0.3;
        @JsonPropertyDescription("Overlap a low-score detection needs with a track's predicted box")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") public double lowMinIou = 0.4;
        @JsonPropertyDescription("Observations without moving after which an object is stationary")
        @Min(1) @Max(100_000) public int stationaryFrames = 10;
        @JsonPropertyDescription("A stationary object alone makes the CNN run only every this many frames")
        @Min(1) @Max(100_000) public int stationaryInterval = 10;
        @JsonPropertyDescription("A detection matching no track starts one only from this score")
        @DecimalMin("0") @DecimalMax("1") public double startScore = 0.6;
    }

    public static class Sink {
        @JsonPropertyDescription("jdbc:sqlite:... or jdbc:postgresql://...; empty = SQLite file vigil.db in data_dir")
        public String databaseUrl;
        @JsonPropertyDescription("Database user (PostgreSQL)")
        public String databaseUser;
        @JsonPropertyDescription("Database password (PostgreSQL)")
        public String databasePassword;
        @JsonPropertyDescription("HTTP port of the sink (API, web page, /health, /metrics); 0 = any free port")
        @Min(0) @Max(65535) public int httpPort = 8080;
        @JsonPropertyDescription("Interface the sink listens on; empty = 127.0.0.1 for vigil up, 0.0.0.0 for the sink service")
        public String httpHost;
        @JsonPropertyDescription("When set, every /api request needs \"Authorization: Bearer <token>\"")
        @Pattern(regexp = "(?s).*\\S.*", message = "is blank; remove it to switch the token off, or set a real one")
        public String apiToken;
        @JsonPropertyDescription("Alerts and snapshots older than this many days are deleted; 0 = keep forever")
        @Min(0) @Max(36_500) public int retentionDays = 30;
        @JsonPropertyDescription("Disk cap of all snapshots in the database, in MiB; beyond it the oldest snapshots go (alerts stay)")
        @Min(1) @Max(100_000_000) public long snapshotsMaxMb = 10240;
        @JsonPropertyDescription("Kafka consumer group of the sink")
        @NotBlank public String groupId = "vigil-sink";
    }

    /** The labels alerted on by default (the COCO classes a camera usually cares about), each with the default rule. */
    static Map<String, ObjectRule> defaultObjects() {
        Map<String, ObjectRule> m = new LinkedHashMap<>();
        for (String l : new String[] {"person", "car", "bicycle", "motorcycle", "bus", "truck", "dog", "cat"}) {
            m.put(l, new ObjectRule());
        }
        return m;
    }
}
