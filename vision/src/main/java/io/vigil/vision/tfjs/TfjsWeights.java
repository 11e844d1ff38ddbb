package io.vigil.vision.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the weights of a TF.js graph model: the manifest's groups, each a list of shard files
 * holding its weights back to back (little endian), possibly quantised (float16, or uint8/uint16 with
 * scale and min).
 */
final class TfjsWeights {
    private TfjsWeights() {}

    static Map<String, ConstTensor> read(JsonNode manifest, Path modelDir) {
        Map<String, ConstTensor> weights = new HashMap<>();
        for (JsonNode group : manifest) {
            ByteBuffer data = ByteBuffer.wrap(readShards(group.get("paths"), modelDir)).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode spec : group.get("weights")) {
                String name = spec.get("name").asText();
                try {
                    weights.put(name, readWeight(spec, data));
                } catch (RuntimeException e) {
                    throw new ModelConversionException("weight '" + name + "' in " + modelDir + ": " + e.getMessage(), e);
                }
            }
            if (data.hasRemaining()) {
                throw new ModelConversionException("weights manifest of " + modelDir + " describes " + data.position()
                        + " bytes but its shards hold " + data.capacity());
            }
        }
        return weights;
    }

    private static byte[] readShards(JsonNode paths, Path modelDir) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (JsonNode p : paths) {
            Path shard = modelDir.resolve(p.asText());
            try {
                all.write(Files.readAllBytes(shard));
            } catch (IOException e) {
                throw new ModelConversionException("cannot read weight shard " + shard + ": " + e.getMessage(), e);
            }
        }
        return all.toByteArray();
    }

    private static ConstTensor readWeight(JsonNode spec, ByteBuffer data) {
        long[] shape = new long[spec.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = spec.get("shape").get(i).asLong();
        }
        int n = ConstTensor.elementCount(shape);
        String dtype = spec.get("dtype").asText();
        JsonNode q = spec.get("quantization");
        if (data.remaining() < (long) n * storedBytes(dtype, q)) {
            throw new IllegalArgumentException("shards end before its " + n + " values");
        }
        ConstTensor.Type type = switch (dtype) {
            case "float32" -> ConstTensor.Type.FLOAT;
            case "int32" -> ConstTensor.Type.INT;
            case "bool" -> ConstTensor.Type.BOOL;
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
        };
        double[] values = new double[n];
        if (q != null) {
            dequantise(q, data, values);
        } else {
            for (int i = 0; i < n; i++) {
                values[i] = switch (type) {
                    case FLOAT -> data.getFloat();
                    case INT -> data.getInt();
                    case BOOL -> data.get();
                };
            }
        }
        if (type != ConstTensor.Type.FLOAT) {
            for (int i = 0; i < n; i++) {
                values[i] = Math.round(values[i]);
            }
        }
        return ConstTensor.of(type, shape, values);
    }

    private static void dequantise(JsonNode q, ByteBuffer data, double[] values) {
        String qtype = q.get("dtype").asText();
        if (qtype.equals("float16")) {
            for (int i = 0; i < values.length; i++) {
                values[i] = halfToFloat(data.getShort());
            }
            return;
        }
        double scale = q.get("scale").asDouble();
        double min = q.get("min").asDouble();
        for (int i = 0; i < values.length; i++) {
            int stored = switch (qtype) {
                case "uint8" -> Byte.toUnsignedInt(data.get());
                case "uint16" -> Short.toUnsignedInt(data.getShort());
                default -> throw new IllegalArgumentException("unsupported quantisation " + qtype);
            };
            values[i] = (float) (stored * scale + min);
        }
    }

    private static int storedBytes(String dtype, JsonNode q) {
        if (q != null) {
            return switch (q.get("dtype").asText()) {
                case "uint8" -> 1;
                case "uint16", "float16" -> 2;
                default -> throw new IllegalArgumentException("unsupported quantisation " + q.get("dtype").asText());
            };
        }
        return dtype.equals("bool") ? 1 : 4;
    }

    /** IEEE 754 half precision to single (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = h >>> 15;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        float magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24f;
        } else if (exponent == 31) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Float.intBitsToFloat(((exponent - 15 + 127) << 23) | (mantissa << 13));
        }
        return sign == 1 ? -magnitude : magnitude;
    }
}
