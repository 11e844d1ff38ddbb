package io.vigil.vision.tfjs;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a TensorFlow.js graph model ({@code model.json} + weight shards) to an ONNX model
 * (opset 13), written with the ONNX protobuf classes of {@code tribuo-util-onnx}.
 */
public final class TfjsToOnnxConverter {
    public static final int OPSET = 13;
    /** Part of the cache checksum: bump it when the conversion changes so cached models are redone. */
    private static final String CONVERTER_VERSION = "vigil-tfjs2onnx-1";
    private static final Logger log = LoggerFactory.getLogger(TfjsToOnnxConverter.class);

    private TfjsToOnnxConverter() {}

    /** Converts {@code modelJson} and returns the serialised ONNX model. */
    public static byte[] convert(Path modelJson) {
        return convert(modelJson, 0, 0);
    }

    /**
     * Converts {@code modelJson} for an image input of {@code width}×{@code height} instead of the size
     * its signature declares (0, 0: as declared). Only for fully convolutional graphs: the constant
     * sizes of its resize ops are scaled along; other constant shapes are not.
     */
    public static byte[] convert(Path modelJson, int width, int height) {
        TfjsGraph graph = TfjsGraph.load(modelJson);
        String name = modelJson.getFileName().toString().replaceFirst("\\.json$", "");
        GraphProto onnxGraph = new GraphConversion(graph, width, height).convert(name);
        return ModelProto.newBuilder()
                .setIrVersion(7)
                .setProducerName("vigil")
                .setProducerVersion(CONVERTER_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(onnxGraph)
                .build()
                .toByteArray();
    }

    /**
     * The ONNX file next to {@code modelJson} ({@code x.json} → {@code x.onnx}), converted now unless a
     * previous conversion of the same model.json and shards is there (checked by SHA-256 in {@code x.onnx.sha256}).
     */
    public static Path convertCached(Path modelJson) {
        return convertCached(modelJson, 0, 0);
    }

    /** As {@link #convertCached(Path)}, for another input size (see {@link #convert(Path, int, int)}): {@code x-320x320.onnx}. */
    public static Path convertCached(Path modelJson, int width, int height) {
        String size = width == 0 && height == 0 ? "" : "-" + width + "x" + height;
        Path onnx = modelJson.resolveSibling(modelJson.getFileName().toString().replaceFirst("(\\.json)?$", size + ".onnx"));
        Path checksumFile = onnx.resolveSibling(onnx.getFileName() + ".sha256");
        try {
            String checksum = sourceChecksum(modelJson);
            if (Files.exists(onnx) && Files.exists(checksumFile)
                    && Files.readString(checksumFile, StandardCharsets.UTF_8).trim().equals(checksum)) {
                return onnx;
            }
            long start = System.nanoTime();
            byte[] model = convert(modelJson, width, height);
            writeAtomically(onnx, model);
            writeAtomically(checksumFile, checksum.getBytes(StandardCharsets.UTF_8));
            log.info("Converted {} to ONNX {} ({} KiB) in {} ms", modelJson, onnx, model.length / 1024,
                    (System.nanoTime() - start) / 1_000_000);
            return onnx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot convert " + modelJson + " to " + onnx + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 over the converter version, model.json and every weight shard it names. */
    static String sourceChecksum(Path modelJson) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(CONVERTER_VERSION.getBytes(StandardCharsets.UTF_8));
        byte[] json = Files.readAllBytes(modelJson);
        sha.update(json);
        JsonNode manifest = new ObjectMapper().readTree(json).path("weightsManifest");
        for (JsonNode group : manifest) {
            for (JsonNode p : group.path("paths")) {
                Path shard = modelJson.resolveSibling(p.asText());
                if (Files.exists(shard)) {
                    sha.update(Files.readAllBytes(shard));
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
