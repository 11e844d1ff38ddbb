package io.vigil.vision.tfjs;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an ONNX graph node by node. Generated tensor names contain '#', which TF node names never
 * do, so they cannot clash with names taken from the TF.js graph.
 */
final class OnnxGraphBuilder {
    private final List<NodeProto> nodes = new ArrayList<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    /** Output of each Transpose emitted here → (its input, its perm), to cancel transposes that undo each other. */
    private final Map<String, Transposed> transposes = new HashMap<>();
    private int counter;

    private record Transposed(String input, long[] perm) {}

    String uniqueName(String base) {
        return base + "#" + (++counter);
    }

    void input(String name, int elemType, long[] shape) {
        inputs.add(valueInfo(name, elemType, shape));
    }

    void output(String name, int elemType, long[] shape) {
        outputs.add(valueInfo(name, elemType, shape));
    }

    /** Adds a constant as an initializer. {@code asInt64} stores integer tensors as INT64 (ONNX shape-like inputs). */
    String constant(String baseName, ConstTensor value, boolean asInt64) {
        String name = uniqueName(baseName);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name);
        for (long d : value.shape) {
            t.addDims(d);
        }
        ByteBuffer raw;
        switch (value.type) {
            case FLOAT -> {
                raw = ByteBuffer.allocate(4 * value.size()).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : value.floats) {
                    raw.putFloat(f);
                }
                t.setDataType(TensorProto.DataType.FLOAT_VALUE);
            }
            case BOOL -> {
                raw = ByteBuffer.allocate(value.size());
                for (long b : value.ints) {
                    raw.put((byte) (b != 0 ? 1 : 0));
                }
                t.setDataType(TensorProto.DataType.BOOL_VALUE);
            }
            default -> {
                raw = ByteBuffer.allocate((asInt64 ? 8 : 4) * value.size()).order(ByteOrder.LITTLE_ENDIAN);
                for (long v : value.ints) {
                    if (asInt64) {
                        raw.putLong(v);
                    } else {
                        raw.putInt(Math.toIntExact(v));
                    }
                }
                t.setDataType(asInt64 ? TensorProto.DataType.INT64_VALUE : TensorProto.DataType.INT32_VALUE);
            }
        }
        t.setRawData(ByteString.copyFrom(raw.array()));
        initializers.put(name, t.build());
        return name;
    }

    String int64s(String baseName, long... values) {
        return constant(baseName, ConstTensor.ofInts(new long[] {values.length}, values), true);
    }

    String floatScalar(String baseName, float value) {
        return constant(baseName, ConstTensor.ofFloats(new long[0], new float[] {value}), false);
    }

    /** Adds a node with one output, named {@code outputName}. */
    String node(String opType, String outputName, List<String> nodeInputs, AttributeProto... attributes) {
        nodes(opType, List.of(outputName), nodeInputs, attributes);
        return outputName;
    }

    void nodes(String opType, List<String> outputNames, List<String> nodeInputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(outputNames.get(0))
                .addAllInput(nodeInputs).addAllOutput(outputNames);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        nodes.add(n.build());
    }

    /** Transposes {@code x}; a transpose that undoes the one producing {@code x} returns that one's input. */
    String transpose(String x, long[] perm, String outputName) {
        Transposed previous = transposes.get(x);
        if (previous != null) {
            long[] combined = new long[perm.length];
            for (int i = 0; i < perm.length; i++) {
                combined[i] = previous.perm[(int) perm[i]];
            }
            if (isIdentity(combined)) {
                return previous.input;
            }
            x = previous.input;
            perm = combined;
        }
        node("Transpose", outputName, List.of(x), ints("perm", perm));
        transposes.put(outputName, new Transposed(x, perm));
        return outputName;
    }

    private static boolean isIdentity(long[] perm) {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** The graph with only the nodes and initializers the outputs depend on. */
    GraphProto build(String name) {
        Map<String, NodeProto> producer = new HashMap<>();
        for (NodeProto n : nodes) {
            n.getOutputList().forEach(o -> producer.put(o, n));
        }
        Set<NodeProto> live = new HashSet<>();
        Set<String> usedTensors = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        outputs.forEach(o -> pending.add(o.getName()));
        while (!pending.isEmpty()) {
            String tensor = pending.pop();
            if (!usedTensors.add(tensor)) {
                continue;
            }
            NodeProto n = producer.get(tensor);
            if (n != null && live.add(n)) {
                n.getInputList().stream().filter(i -> !i.isEmpty()).forEach(pending::push);
            }
        }
        GraphProto.Builder g = GraphProto.newBuilder().setName(name).addAllInput(inputs).addAllOutput(outputs);
        nodes.stream().filter(live::contains).forEach(g::addNode);
        initializers.forEach((n, t) -> {
            if (usedTensors.contains(n)) {
                g.addInitializer(t);
            }
        });
        return g.build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        Arrays.stream(values).forEach(a::addInts);
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    private static ValueInfoProto valueInfo(String name, int elemType, long[] shape) {
        TypeProto.Tensor.Builder tensorType = TypeProto.Tensor.newBuilder().setElemType(elemType);
        if (shape != null) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            for (long d : shape) {
                s.addDim(d >= 0 ? TensorShapeProto.Dimension.newBuilder().setDimValue(d)
                        : TensorShapeProto.Dimension.newBuilder());
            }
            tensorType.setShape(s);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensorType)).build();
    }
}
