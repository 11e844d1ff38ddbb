package io.vigil.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/offline-images.sh builds every image that docker-compose.yml, the Dockerfiles it builds and the
 * Testcontainers tests use, under the same names: otherwise `docker-compose up` on an air-gapped machine
 * would try to pull the one it forgot.
 */
class OfflineImagesTest {
    private static final Path ROOT = ComposeFile.repoRoot();
    private static final Pattern FROM = Pattern.compile("^FROM (\\S+)", Pattern.MULTILINE);

    @Test
    void theScriptBuildsEveryImageTheDeploymentAndTheTestsUse() throws IOException {
        String script = Files.readString(ROOT.resolve("docker/offline-images.sh"));
        Set<String> used = new TreeSet<>();
        Set<String> stages = new TreeSet<>();
        List<Path> dockerfiles = new ArrayList<>();
        for (ComposeFile.Service s : ComposeFile.load(ROOT).services().values()) {
            used.add(s.image());
            Object build = s.spec().get("build");
            if (build != null) dockerfiles.add(ROOT.resolve(build.toString()).resolve("Dockerfile"));
        }
        for (Path dockerfile : dockerfiles) {
            String text = Files.readString(dockerfile);
            Matcher stage = Pattern.compile("^FROM \\S+ AS (\\S+)", Pattern.MULTILINE).matcher(text);
            while (stage.find()) stages.add(stage.group(1));
            Matcher from = FROM.matcher(text);
            while (from.find()) used.add(from.group(1));
        }
        used.removeAll(stages);
        used.add(ContainersPipelineIT.TESTCONTAINERS_TINY_IMAGE);
        assertThat(used).as("images of docker-compose.yml, its Dockerfiles and Testcontainers")
                .contains("apache/kafka:4.3.1", "postgres:15", "maven:3.9-eclipse-temurin-17", "eclipse-temurin:17-jre");
        for (String image : used) {
            assertThat(script).as("docker/offline-images.sh names %s", image).containsPattern("(=|\\s)" + Pattern.quote(image) + "(\\s|$)");
        }
    }
}
