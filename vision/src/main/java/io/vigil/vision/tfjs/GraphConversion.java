package io.vigil.vision.tfjs;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.vigil.vision.tfjs.TfjsGraph.Node;
import io.vigil.vision.tfjs.TfjsGraph.Port;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one TF.js → ONNX conversion: which ONNX tensor (or constant) stands for each TF
 * tensor reference, walking the TF graph in dependency order. TF tensors keep their TF layout in the
 * ONNX graph; layout-sensitive ops (conv, pool, resize) transpose to NCHW and back, and
 * {@link OnnxGraphBuilder#transpose} cancels the pairs that undo each other.
 */
final class GraphConversion {
    final TfjsGraph tf;
    final OnnxGraphBuilder onnx = new OnnxGraphBuilder();
    private final Map<String, ConstTensor> constants = new HashMap<>();
    private final Map<String, String> onnxTensors = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();
    /** Nodes merged into their producer (a bias Add folded into the Conv before it) → the tensor that replaces them. */
    private final Map<String, String> absorbed = new HashMap<>();
    private final Set<String> graphOutputNodes = new HashSet<>();
    /** Requested image input size (0 = as declared) and the factors it scales the graph's spatial sizes by. */
    private final int width;
    private final int height;
    private double scaleX = 1;
    private double scaleY = 1;

    GraphConversion(TfjsGraph tf) {
        this(tf, 0, 0);
    }

    GraphConversion(TfjsGraph tf, int width, int height) {
        this.tf = tf;
        this.width = width;
        this.height = height;
        for (Node n : tf.nodes.values()) {
            for (String input : n.inputs()) {
                consumers.computeIfAbsent(TfjsGraph.canonical(input), k -> new ArrayList<>()).add(n);
            }
            if (n.op().equals("Const")) {
                ConstTensor value = tf.weights.get(n.name());
                if (value == null) {
                    throw new ModelConversionException("Const node '" + n.name() + "' has no entry in the weights manifest");
                }
                constants.put(n.name() + ":0", value);
            }
        }
        tf.outputs.forEach(p -> graphOutputNodes.add(TfjsGraph.nodeName(p.tensor())));
    }

    GraphProto convert(String graphName) {
        boolean resized = width > 0 || height > 0;
        for (Port p : tf.inputs) {
            String name = TfjsGraph.nodeName(p.tensor());
            onnx.input(name, elemType(p.dtype()), resized ? resizedInput(p) : p.shape());
            onnxTensors.put(TfjsGraph.canonical(p.tensor()), name);
        }
        for (Node n : dependencyOrder()) {
            convertNode(n);
        }
        for (Port p : tf.outputs) {
            String name = TfjsGraph.nodeName(p.tensor()) + (TfjsGraph.outputIndex(p.tensor()) == 0 ? "" : "_" + TfjsGraph.outputIndex(p.tensor()));
            String tensor = tensor(TfjsGraph.canonical(p.tensor()), "output " + p.tensor());
            if (!tensor.equals(name)) {
                onnx.node("Identity", name, List.of(tensor));
            }
            // The declared output shapes are those of the declared input size.
            onnx.output(name, elemType(p.dtype()), resized ? null : p.shape());
        }
        return onnx.build(graphName);
    }

    private void convertNode(Node n) {
        switch (n.op()) {
            case "Const", "Placeholder" -> { }
            default -> {
                if (absorbed.containsKey(n.name())) {
                    setOutput(n, 0, absorbed.get(n.name()));
                    return;
                }
                List<ConstTensor> constInputs = new ArrayList<>();
                for (String input : n.inputs()) {
                    constInputs.add(constants.get(TfjsGraph.canonical(input)));
                }
                if (!constInputs.isEmpty() && !constInputs.contains(null)) {
                    ConstTensor folded = ConstantFolder.fold(n, constInputs);
                    if (folded != null) {
                        constants.put(n.name() + ":0", folded);
                        return;
                    }
                }
                TfjsOps.convert(this, n);
            }
        }
    }

    /** The input's shape at the requested size: an image [1, H, W, 3] or [1, 3, H, W] with a known size. */
    private long[] resizedInput(Port p) {
        long[] s = p.shape();
        if (tf.inputs.size() != 1 || s == null || s.length != 4 || (s[1] != 3 && s[3] != 3)) {
            throw new ModelConversionException("cannot convert for a " + width + "x" + height + " input: the graph's input "
                    + p.tensor() + " is not a single image [1, H, W, 3] or [1, 3, H, W]");
        }
        int h = s[3] == 3 ? 1 : 2;
        if (s[h] <= 0 || s[h + 1] <= 0) {
            throw new ModelConversionException("cannot convert for a " + width + "x" + height + " input: the graph's input "
                    + p.tensor() + " has no fixed size to scale from");
        }
        scaleY = (double) height / s[h];
        scaleX = (double) width / s[h + 1];
        long[] shape = s.clone();
        shape[h] = height;
        shape[h + 1] = width;
        return shape;
    }

    /** A constant [height, width] of a resize, scaled from the declared input size to the requested one. */
    long[] resizeSize(Node n, ConstTensor size) {
        long[] hw = size.toLongs();
        double h = hw[0] * scaleY, w = hw[1] * scaleX;
        if (h != Math.rint(h) || w != Math.rint(w)) {
            throw fail(n, "resizes to " + hw[0] + "x" + hw[1] + ", which does not scale to whole pixels for the requested "
                    + width + "x" + height + " input");
        }
        return new long[] {(long) h, (long) w};
    }

    /** Nodes the outputs depend on, each after its inputs. */
    private List<Node> dependencyOrder() {
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new HashSet<>();
        List<Node> order = new ArrayList<>();
        for (Port p : tf.outputs) {
            visit(TfjsGraph.nodeName(p.tensor()), done, visiting, order);
        }
        return order;
    }

    private void visit(String name, Set<String> done, Set<String> visiting, List<Node> order) {
        if (done.contains(name)) {
            return;
        }
        Node n = tf.nodes.get(name);
        if (n == null) {
            throw new ModelConversionException("the graph refers to node '" + name + "', which it does not contain");
        }
        if (!visiting.add(name)) {
            throw new ModelConversionException("the graph has a cycle through node '" + name + "' (control flow is not supported)");
        }
        for (String input : n.inputs()) {
            visit(TfjsGraph.nodeName(input), done, visiting, order);
        }
        done.add(name);
        order.add(n);
    }

    /** The ONNX tensor for input {@code i} of {@code n}; a constant input becomes an initializer. */
    String in(Node n, int i) {
        return tensor(TfjsGraph.canonical(n.inputs().get(i)), "input " + i + " of node '" + n.name() + "'");
    }

    private String tensor(String ref, String what) {
        String name = onnxTensors.get(ref);
        if (name == null) {
            ConstTensor value = constants.get(ref);
            if (value == null) {
                throw new ModelConversionException(what + " (" + ref + ") was not produced by any converted node");
            }
            name = onnx.constant(TfjsGraph.nodeName(ref), value, false);
            onnxTensors.put(ref, name);
        }
        return name;
    }

    boolean isConst(Node n, int i) {
        return constants.containsKey(TfjsGraph.canonical(n.inputs().get(i)));
    }

    /** Input {@code i} of {@code n}, which this conversion needs to know (a shape, axis, filter...). */
    ConstTensor constIn(Node n, int i) {
        if (i >= n.inputs().size()) {
            throw fail(n, "has no input " + i);
        }
        ConstTensor value = constants.get(TfjsGraph.canonical(n.inputs().get(i)));
        if (value == null) {
            throw fail(n, "input " + i + " (" + n.inputs().get(i) + ") must be a constant");
        }
        return value;
    }

    void setOutput(Node n, int k, String onnxTensor) {
        onnxTensors.put(n.name() + ":" + k, onnxTensor);
    }

    /** Name for output {@code k} of {@code n} in the ONNX graph. */
    static String outputName(Node n, int k) {
        return k == 0 ? n.name() : n.name() + ":" + k;
    }

    /** A bias add that directly follows a convolution. */
    record BiasAdd(Node add, ConstTensor bias) {}

    /**
     * The node that adds a per-channel constant (a bias) to {@code n}'s output, if that is its only
     * consumer; the conversion of {@code n} may then merge it (see {@link #absorb}).
     */
    BiasAdd biasAddAfter(Node n, long channels) {
        List<Node> users = consumers.getOrDefault(n.name() + ":0", List.of());
        if (users.size() != 1 || graphOutputNodes.contains(n.name())) {
            return null;
        }
        Node add = users.get(0);
        if (!Set.of("Add", "AddV2", "BiasAdd").contains(add.op()) || add.inputs().size() != 2
                || add.attrString("data_format", "NHWC").equals("NCHW")) {
            return null;
        }
        int other = TfjsGraph.canonical(add.inputs().get(0)).equals(n.name() + ":0") ? 1 : 0;
        ConstTensor bias = constants.get(TfjsGraph.canonical(add.inputs().get(other)));
        if (bias == null || bias.type != ConstTensor.Type.FLOAT || bias.size() != channels
                || (bias.rank() > 0 && bias.shape[bias.rank() - 1] != channels)) {
            return null;
        }
        return new BiasAdd(add, bias);
    }

    /** From now on node {@code nodeName} stands for {@code replacement} instead of being converted. */
    void absorb(String nodeName, String replacement) {
        absorbed.put(nodeName, replacement);
    }

    ModelConversionException fail(Node n, String why) {
        return new ModelConversionException("node '" + n.name() + "' (op " + n.op() + ") " + why);
    }

    static int elemType(String tfType) {
        return switch (tfType == null ? "DT_FLOAT" : tfType) {
            case "DT_FLOAT" -> TensorProto.DataType.FLOAT_VALUE;
            case "DT_INT32" -> TensorProto.DataType.INT32_VALUE;
            case "DT_INT64" -> TensorProto.DataType.INT64_VALUE;
            case "DT_BOOL" -> TensorProto.DataType.BOOL_VALUE;
            default -> throw new ModelConversionException("unsupported tensor type " + tfType);
        };
    }
}
