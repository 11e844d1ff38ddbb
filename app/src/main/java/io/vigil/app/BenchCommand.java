package io.vigil.app;

import io.vigil.detector.model.DetectBench;
import io.vigil.detector.model.ModelOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", description = "Benchmarks that print ratios against a baseline measured in the same run.",
        subcommands = {BenchCommand.Detect.class})
final class BenchCommand {

    @Command(name = "detect", description = "Median ms of the whole detect call vs the raw ONNX Runtime run on the same tensor.")
    static final class Detect implements Callable<Integer> {
        @Option(names = "--models", split = ",", defaultValue = "nanodet,yolov5s") List<String> models;
        @Option(names = "--runs", defaultValue = "30") int runs;
        @Option(names = "--threads", defaultValue = "2") int threads;
        @Parameters(paramLabel = "IMAGE", arity = "0..*") List<Path> images;

        @Override
        public Integer call() {
            List<Path> input = images == null || images.isEmpty()
                    ? List.of(UpCommand.sampleFootage().resolveSibling("images").resolve("person.jpg"),
                              UpCommand.sampleFootage().resolveSibling("images").resolve("dog.jpg"))
                    : images;
            var rows = DetectBench.run(models, input, runs, ModelOptions.defaults().withIntraOpThreads(threads));
            System.out.println(DetectBench.table(rows, threads));
            return 0;
        }
    }
}
