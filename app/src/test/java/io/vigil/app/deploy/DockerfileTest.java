package io.vigil.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, checked without building it (no Docker engine here): the model converted in the build stage
 * is the one the runtime image's {@code vigil} command uses, and every file it copies is in the build context.
 */
class DockerfileTest {
    private static final Path ROOT = ComposeFile.repoRoot();
    private static final Pattern MODEL_CACHE = Pattern.compile("-Dvigil\\.model\\.cache=(\\S+)");

    @Test
    void theRuntimeImageUsesTheModelConvertedAtBuildTime() throws IOException {
        List<String> stages = stages();
        assertThat(stages).as("build stage and runtime stage").hasSize(2);
        String build = stages.get(0);
        String runtime = stages.get(1);
        assertThat(build).as("build stage: Maven with JDK 17, npm for the model fetch")
                .containsPattern("^FROM maven:\\S*temurin-17\\S* AS build").containsPattern("apt-get install .*\\bnpm\\b");

        Matcher filled = MODEL_CACHE.matcher(build);
        assertThat(filled.find()).as("the build stage runs the model once with a model cache").isTrue();
        Matcher copied = Pattern.compile("^COPY --from=build " + Pattern.quote(filled.group(1)) + " (\\S+)$", Pattern.MULTILINE).matcher(runtime);
        assertThat(copied.find()).as("the runtime stage copies the model cache %s", filled.group(1)).isTrue();

        String entrypoint = Files.readString(ROOT.resolve("docker/vigil-entrypoint.sh"));
        Matcher used = MODEL_CACHE.matcher(entrypoint);
        assertThat(used.find()).isTrue();
        assertThat(used.group(1)).as("model cache of the vigil command in the image").isEqualTo(copied.group(1));
        assertThat(runtime).containsPattern("^FROM eclipse-temurin:17-jre")
                .contains("COPY docker/vigil-entrypoint.sh /usr/local/bin/vigil")
                .contains("ENTRYPOINT [\"vigil\"]");
    }

    @Test
    void everyFileTheImageCopiesIsInTheBuildContext() throws IOException {
        List<PathMatcher> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
        List<String> sources = new ArrayList<>(List.of("pom.xml", "app/src/main/java", "samples/images/dog.jpg"));
        Matcher copy = Pattern.compile("^COPY (?!--from)(?:--\\S+ )*(\\S+) \\S+$", Pattern.MULTILINE).matcher(String.join("\n", stages()));
        while (copy.find()) sources.add(copy.group(1));
        for (String source : sources) {
            assertThat(ROOT.resolve(source)).as("COPY source %s", source).exists();
            for (Path p = Path.of(source); p != null; p = p.getParent()) {
                Path prefix = p;
                assertThat(ignored).as("%s is excluded from the build context by .dockerignore", source)
                        .noneMatch(m -> m.matches(prefix));
            }
        }
    }

    /** The Dockerfile's stages, each from its FROM line, with continued lines joined. */
    private static List<String> stages() throws IOException {
        String text = Files.readString(ROOT.resolve("Dockerfile")).replaceAll("\\\\\\n\\s*", " ");
        List<String> stages = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("FROM ")) stages.add("");
            if (!stages.isEmpty() && !line.startsWith("#")) stages.set(stages.size() - 1, stages.get(stages.size() - 1) + line + "\n");
        }
        return stages;
    }
}
