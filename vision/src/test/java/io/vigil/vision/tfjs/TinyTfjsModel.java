package io.vigil.vision.tfjs;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** Writes small TF.js graph models (model.json + one weight shard) for converter tests, and runs their conversion. */
final class TinyTfjsModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode nodes;
    private final ArrayNode weights;
    private final ByteArrayOutputStream shard = new ByteArrayOutputStream();

    TinyTfjsModel() {
        root.put("format", "graph-model");
        nodes = root.putObject("modelTopology").putArray("node");
        ObjectNode group = root.putArray("weightsManifest").addObject();
        group.putArray("paths").add("weights.bin");
        weights = group.putArray("weights");
    }

    TinyTfjsModel input(String name, long... shape) {
        ObjectNode n = node(name, "Placeholder");
        ArrayNode dims = n.withObjectProperty("attr").putObject("shape").putObject("shape").putArray("dim");
        for (long d : shape) {
            dims.addObject().put("size", Long.toString(d));
        }
        n.withObjectProperty("attr").putObject("dtype").put("type", "DT_FLOAT");
        return this;
    }

    /** A float32 constant stored as float32. */
    TinyTfjsModel floats(String name, long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return constant(name, "float32", shape, b.array(), null);
    }

    /** A float32 constant stored as float16. */
    TinyTfjsModel halfs(String name, long[] shape, short... halfBits) {
        ByteBuffer b = ByteBuffer.allocate(2 * halfBits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : halfBits) {
            b.putShort(v);
        }
        ObjectNode q = JSON.createObjectNode().put("dtype", "float16").put("original_dtype", "float32");
        return constant(name, "float32", shape, b.array(), q);
    }

    /** A float32 constant stored as uint8 with scale and min (value = byte * scale + min). */
    TinyTfjsModel quantisedUint8(String name, long[] shape, double scale, double min, int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        ObjectNode q = JSON.createObjectNode().put("dtype", "uint8").put("scale", scale).put("min", min);
        return constant(name, "float32", shape, data, q);
    }

    TinyTfjsModel ints(String name, long[] shape, int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return constant(name, "int32", shape, b.array(), null);
    }

    private TinyTfjsModel constant(String name, String dtype, long[] shape, byte[] data, ObjectNode quantization) {
        node(name, "Const");
        ObjectNode w = weights.addObject().put("name", name).put("dtype", dtype);
        ArrayNode s = w.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
        if (quantization != null) {
            w.set("quantization", quantization);
        }
        shard.writeBytes(data);
        return this;
    }

    /** Adds an op node; attrs alternate key, JSON value (e.g. "padding", "{\"s\": \"...\"}"). */
    ObjectNode op(String name, String op, String... inputs) {
        ObjectNode n = node(name, op);
        ArrayNode in = n.putArray("input");
        for (String i : inputs) {
            in.add(i);
        }
        return n;
    }

    private ObjectNode node(String name, String op) {
        return nodes.addObject().put("name", name).put("op", op);
    }

    static void string(ObjectNode node, String key, String value) {
        node.withObjectProperty("attr").putObject(key).put("s", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }

    static void intList(ObjectNode node, String key, long... values) {
        ArrayNode list = node.withObjectProperty("attr").putObject(key).putObject("list").putArray("i");
        for (long v : values) {
            list.add(Long.toString(v));
        }
    }

    static void integer(ObjectNode node, String key, long value) {
        node.withObjectProperty("attr").putObject(key).put("i", Long.toString(value));
    }

    static void bool(ObjectNode node, String key, boolean value) {
        node.withObjectProperty("attr").putObject(key).put("b", value);
    }

    static void type(ObjectNode node, String key, String tfType) {
        node.withObjectProperty("attr").putObject(key).put("type", tfType);
    }

    static void real(ObjectNode node, String key, double value) {
        node.withObjectProperty("attr").putObject(key).put("f", value);
    }

    static void stringList(ObjectNode node, String key, String... values) {
        ArrayNode list = node.withObjectProperty("attr").putObject(key).putObject("list").putArray("s");
        for (String v : values) {
            list.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
        }
    }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("weights.bin"), shard.toByteArray());
        Path json = dir.resolve("model.json");
        JSON.writeValue(json.toFile(), root);
        return json;
    }

    /** Converts the model and runs the ONNX result on {@code input}; returns the first output. */
    float[] convertAndRun(Path dir, float[] input, long... shape) throws IOException, OrtException {
        return run(TfjsToOnnxConverter.convert(write(dir)), input, shape);
    }

    /** Runs an ONNX model on {@code input}; returns the first output. */
    static float[] run(byte[] onnx, float[] input, long... shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            OnnxTensor y = (OnnxTensor) result.get(0);
            float[] out = new float[(int) y.getInfo().getNumElements()];
            y.getFloatBuffer().get(out);
            return out;
        }
    }
}
