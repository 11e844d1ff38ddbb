package io.vigil.vision.tfjs;

import static io.vigil.vision.tfjs.OnnxGraphBuilder.integer;
import static io.vigil.vision.tfjs.OnnxGraphBuilder.ints;
import static io.vigil.vision.tfjs.OnnxGraphBuilder.real;
import static io.vigil.vision.tfjs.OnnxGraphBuilder.string;

import ai.onnx.proto.OnnxMl.AttributeProto;
import io.vigil.vision.tfjs.TfjsGraph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts one TF op to ONNX (opset 13) nodes. */
final class TfjsOps {
    private static final long[] NHWC_TO_NCHW = {0, 3, 1, 2};
    private static final long[] NCHW_TO_NHWC = {0, 2, 3, 1};
    private static final Map<String, String> BINARY = Map.of(
            "Add", "Add", "AddV2", "Add", "Sub", "Sub", "Mul", "Mul", "RealDiv", "Div", "Div", "Div",
            "Maximum", "Max", "Minimum", "Min", "Pow", "Pow");
    private static final Map<String, String> UNARY = Map.ofEntries(
            Map.entry("Sigmoid", "Sigmoid"), Map.entry("Relu", "Relu"), Map.entry("Tanh", "Tanh"),
            Map.entry("Exp", "Exp"), Map.entry("Log", "Log"), Map.entry("Sqrt", "Sqrt"), Map.entry("Abs", "Abs"),
            Map.entry("Neg", "Neg"), Map.entry("Floor", "Floor"), Map.entry("Ceil", "Ceil"),
            Map.entry("Reciprocal", "Reciprocal"), Map.entry("Elu", "Elu"), Map.entry("Softmax", "Softmax"));
    private static final Map<String, String> REDUCE = Map.of(
            "Mean", "ReduceMean", "Sum", "ReduceSum", "Max", "ReduceMax", "Min", "ReduceMin", "Prod", "ReduceProd");
    static final List<String> SUPPORTED = List.of("Const", "Placeholder", "Identity", "StopGradient", "Snapshot",
            "Add", "AddV2", "BiasAdd", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum", "Pow", "Square",
            "SquaredDifference", "Sigmoid", "Relu", "Relu6", "LeakyRelu", "Elu", "Tanh", "Exp", "Log", "Sqrt", "Rsqrt",
            "Abs", "Neg", "Floor", "Ceil", "Reciprocal", "Softmax", "Conv2D", "DepthwiseConv2dNative", "_FusedConv2D",
            "FusedDepthwiseConv2dNative", "_FusedDepthwiseConv2dNative", "MaxPool", "AvgPool", "Pad", "PadV2",
            "MirrorPad", "ConcatV2", "Pack", "Reshape", "Squeeze", "ExpandDims", "Transpose", "StridedSlice",
            "ResizeBilinear", "ResizeNearestNeighbor", "SplitV", "Split", "Cast", "SparseToDense (constant inputs)",
            "Mean", "Sum", "Max", "Min", "Prod", "Equal", "FloorDiv", "FloorMod", "TopKV2", "GatherV2");

    private TfjsOps() {}

    static void convert(GraphConversion c, Node n) {
        String op = n.op();
        if (BINARY.containsKey(op)) {
            emit(c, n, BINARY.get(op), List.of(c.in(n, 0), c.in(n, 1)));
        } else if (UNARY.containsKey(op)) {
            emit(c, n, UNARY.get(op), List.of(c.in(n, 0)));
        } else if (REDUCE.containsKey(op)) {
            reduce(c, n, REDUCE.get(op));
        } else {
            switch (op) {
                case "Identity", "StopGradient", "Snapshot" -> c.setOutput(n, 0, c.in(n, 0));
                case "BiasAdd" -> biasAdd(c, n);
                case "Square" -> emit(c, n, "Mul", List.of(c.in(n, 0), c.in(n, 0)));
                case "SquaredDifference" -> {
                    String d = c.onnx.node("Sub", c.onnx.uniqueName(n.name()), List.of(c.in(n, 0), c.in(n, 1)));
                    emit(c, n, "Mul", List.of(d, d));
                }
                case "Rsqrt" -> emit(c, n, "Reciprocal",
                        List.of(c.onnx.node("Sqrt", c.onnx.uniqueName(n.name()), List.of(c.in(n, 0)))));
                case "Relu6" -> emit(c, n, "Clip", List.of(c.in(n, 0), c.onnx.floatScalar("zero", 0), c.onnx.floatScalar("six", 6)));
                case "LeakyRelu" -> emit(c, n, "LeakyRelu", List.of(c.in(n, 0)), real("alpha", n.attrFloat("alpha", 0.2f)));
                case "Conv2D", "DepthwiseConv2dNative", "_FusedConv2D", "FusedDepthwiseConv2dNative",
                        "_FusedDepthwiseConv2dNative" -> convolution(c, n);
                case "MaxPool", "AvgPool" -> pool(c, n);
                case "Pad", "PadV2", "MirrorPad" -> pad(c, n);
                case "ConcatV2" -> concat(c, n);
                case "Pack" -> pack(c, n);
                case "Reshape" -> emit(c, n, "Reshape", List.of(c.in(n, 0), int64Input(c, n, 1)));
                case "Squeeze" -> squeeze(c, n);
                case "ExpandDims" -> emit(c, n, "Unsqueeze", List.of(c.in(n, 0), int64Input(c, n, 1)));
                case "Transpose" -> c.setOutput(n, 0, c.onnx.transpose(c.in(n, 0), c.constIn(n, 1).toLongs(), n.name()));
                case "StridedSlice" -> stridedSlice(c, n);
                case "ResizeBilinear", "ResizeNearestNeighbor" -> resize(c, n);
                case "SplitV", "Split" -> split(c, n);
                case "Cast" -> emit(c, n, "Cast", List.of(c.in(n, 0)), integer("to", GraphConversion.elemType(n.type("DstT"))));
                case "Equal" -> emit(c, n, "Equal", List.of(c.in(n, 0), c.in(n, 1)));
                case "FloorDiv" -> floorDiv(c, n);
                case "FloorMod" -> floorMod(c, n);
                case "TopKV2" -> topK(c, n);
                case "GatherV2" -> gather(c, n);
                case "SparseToDense" -> throw c.fail(n, "is only supported with constant inputs");
                default -> throw c.fail(n, "is not supported by the TF.js to ONNX converter; supported ops: "
                        + String.join(", ", SUPPORTED));
            }
        }
    }

    private static void emit(GraphConversion c, Node n, String onnxOp, List<String> inputs, AttributeProto... attributes) {
        c.setOutput(n, 0, c.onnx.node(onnxOp, n.name(), inputs, attributes));
    }

    private static String int64Input(GraphConversion c, Node n, int i) {
        return c.onnx.constant(n.name() + "/int64", c.constIn(n, i), true);
    }

    private static void biasAdd(GraphConversion c, Node n) {
        String bias = c.in(n, 1);
        if (n.attrString("data_format", "NHWC").equals("NCHW")) {
            ConstTensor b = c.constIn(n, 1);
            bias = c.onnx.constant(n.name() + "/bias", b.reshaped(new long[] {b.size(), 1, 1}), false);
        }
        emit(c, n, "Add", List.of(c.in(n, 0), bias));
    }

    private static void convolution(GraphConversion c, Node n) {
        boolean depthwise = n.op().contains("Depthwise");
        boolean nhwc = !n.attrString("data_format", "NHWC").equals("NCHW");
        ConstTensor filter = c.constIn(n, 1);
        if (filter.rank() != 4) {
            throw c.fail(n, "has a filter of rank " + filter.rank() + ", expected 4");
        }
        long channelsIn = filter.shape[2];
        long channelsOut = depthwise ? filter.shape[2] * filter.shape[3] : filter.shape[3];
        List<String> fused = n.attrStrings("fused_ops");
        ConstTensor bias = null;
        String activation = null;
        if (!fused.isEmpty()) {
            if (!fused.get(0).equals("BiasAdd") || fused.size() > 2) {
                throw c.fail(n, "fuses " + fused + "; only BiasAdd followed by one activation is supported");
            }
            bias = c.constIn(n, 2);
            activation = fused.size() == 2 ? fused.get(1) : null;
        }
        GraphConversion.BiasAdd following = bias == null ? c.biasAddAfter(n, channelsOut) : null;
        if (following != null) {
            bias = following.bias();
        }
        List<String> inputs = new ArrayList<>();
        inputs.add(nhwc ? c.onnx.transpose(c.in(n, 0), NHWC_TO_NCHW, c.onnx.uniqueName(n.name() + "/nchw")) : c.in(n, 0));
        inputs.add(c.onnx.constant(n.name() + "/weight", depthwise ? depthwiseWeight(filter) : convWeight(filter), false));
        if (bias != null) {
            inputs.add(c.onnx.constant(n.name() + "/bias", bias.reshaped(new long[] {channelsOut}), false));
        }
        List<AttributeProto> attributes = new ArrayList<>(List.of(
                ints("kernel_shape", filter.shape[0], filter.shape[1]),
                ints("strides", spatial(n.attrInts("strides"), nhwc)),
                ints("dilations", spatial(n.attrInts("dilations"), nhwc)),
                integer("group", depthwise ? channelsIn : 1)));
        attributes.add(padding(c, n, nhwc));
        String y = c.onnx.node("Conv", c.onnx.uniqueName(n.name() + "/conv"), inputs, attributes.toArray(AttributeProto[]::new));
        if (activation != null) {
            y = activation(c, n, activation, y);
        }
        String out = nhwc ? c.onnx.transpose(y, NCHW_TO_NHWC, n.name()) : y;
        c.setOutput(n, 0, out);
        if (following != null) {
            c.absorb(following.add().name(), out);
        }
    }

    private static String activation(GraphConversion c, Node n, String activation, String x) {
        String out = c.onnx.uniqueName(n.name() + "/" + activation);
        return switch (activation) {
            case "Relu", "Sigmoid", "Tanh", "Elu" -> c.onnx.node(activation, out, List.of(x));
            case "Relu6" -> c.onnx.node("Clip", out, List.of(x, c.onnx.floatScalar("zero", 0), c.onnx.floatScalar("six", 6)));
            case "LeakyRelu" -> c.onnx.node("LeakyRelu", out, List.of(x), real("alpha", n.attrFloat("leakyrelu_alpha", 0.2f)));
            default -> throw c.fail(n, "fuses activation " + activation + ", which is not supported");
        };
    }

    /** TF filter [h, w, in, out] → ONNX [out, in, h, w]. */
    private static ConstTensor convWeight(ConstTensor f) {
        int h = (int) f.shape[0], w = (int) f.shape[1], ci = (int) f.shape[2], co = (int) f.shape[3];
        float[] out = new float[f.size()];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < ci; i++) {
                    for (int o = 0; o < co; o++) {
                        out[((o * ci + i) * h + y) * w + x] = f.floats[((y * w + x) * ci + i) * co + o];
                    }
                }
            }
        }
        return ConstTensor.ofFloats(new long[] {co, ci, h, w}, out);
    }

    /** TF depthwise filter [h, w, channels, multiplier] → ONNX grouped-conv weight [channels·multiplier, 1, h, w]. */
    private static ConstTensor depthwiseWeight(ConstTensor f) {
        int h = (int) f.shape[0], w = (int) f.shape[1], ch = (int) f.shape[2], m = (int) f.shape[3];
        float[] out = new float[f.size()];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < ch; i++) {
                    for (int k = 0; k < m; k++) {
                        out[((i * m + k) * h + y) * w + x] = f.floats[((y * w + x) * ch + i) * m + k];
                    }
                }
            }
        }
        return ConstTensor.ofFloats(new long[] {(long) ch * m, 1, h, w}, out);
    }

    /** The two spatial entries of a 4-element TF strides/ksize/dilations list. */
    private static long[] spatial(long[] values, boolean nhwc) {
        if (values.length != 4) {
            return new long[] {1, 1};
        }
        return nhwc ? new long[] {values[1], values[2]} : new long[] {values[2], values[3]};
    }

    private static AttributeProto padding(GraphConversion c, Node n, boolean nhwc) {
        String padding = n.attrString("padding", "VALID");
        return switch (padding) {
            case "VALID" -> ints("pads", 0, 0, 0, 0);
            case "SAME" -> string("auto_pad", "SAME_UPPER");
            case "EXPLICIT" -> {
                long[] p = n.attrInts("explicit_paddings");
                int h = nhwc ? 2 : 4, w = nhwc ? 4 : 6;
                yield ints("pads", p[h], p[w], p[h + 1], p[w + 1]);
            }
            default -> throw c.fail(n, "has unknown padding " + padding);
        };
    }

    private static void pool(GraphConversion c, Node n) {
        boolean nhwc = !n.attrString("data_format", "NHWC").equals("NCHW");
        String x = nhwc ? c.onnx.transpose(c.in(n, 0), NHWC_TO_NCHW, c.onnx.uniqueName(n.name() + "/nchw")) : c.in(n, 0);
        String y = c.onnx.node(n.op().equals("MaxPool") ? "MaxPool" : "AveragePool", c.onnx.uniqueName(n.name() + "/pool"),
                List.of(x), ints("kernel_shape", spatial(n.attrInts("ksize"), nhwc)),
                ints("strides", spatial(n.attrInts("strides"), nhwc)), padding(c, n, nhwc));
        c.setOutput(n, 0, nhwc ? c.onnx.transpose(y, NCHW_TO_NHWC, n.name()) : y);
    }

    private static void pad(GraphConversion c, Node n) {
        ConstTensor paddings = c.constIn(n, 1);
        int rank = (int) paddings.shape[0];
        long[] pads = new long[2 * rank];
        for (int i = 0; i < rank; i++) {
            pads[i] = (long) paddings.get(2 * i);
            pads[rank + i] = (long) paddings.get(2 * i + 1);
        }
        List<String> inputs = new ArrayList<>(List.of(c.in(n, 0), c.onnx.int64s(n.name() + "/pads", pads)));
        String mode = "constant";
        if (n.op().equals("PadV2")) {
            inputs.add(c.in(n, 2));
        } else if (n.op().equals("MirrorPad")) {
            if (!n.attrString("mode", "REFLECT").equals("REFLECT")) {
                throw c.fail(n, "uses mode " + n.attrString("mode", "") + "; only REFLECT is supported");
            }
            mode = "reflect";
        }
        emit(c, n, "Pad", inputs, string("mode", mode));
    }

    private static void concat(GraphConversion c, Node n) {
        int last = n.inputs().size() - 1;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            inputs.add(c.in(n, i));
        }
        emit(c, n, "Concat", inputs, integer("axis", (long) c.constIn(n, last).get(0)));
    }

    private static void pack(GraphConversion c, Node n) {
        long axis = n.attrInt("axis", 0);
        String axes = c.onnx.int64s(n.name() + "/axes", axis);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            inputs.add(c.onnx.node("Unsqueeze", c.onnx.uniqueName(n.name()), List.of(c.in(n, i), axes)));
        }
        emit(c, n, "Concat", inputs, integer("axis", axis));
    }

    private static void squeeze(GraphConversion c, Node n) {
        long[] dims = n.attrInts("squeeze_dims");
        if (dims.length == 0) {
            dims = n.attrInts("axis");
        }
        List<String> inputs = new ArrayList<>(List.of(c.in(n, 0)));
        if (dims.length > 0) {
            inputs.add(c.onnx.int64s(n.name() + "/axes", dims));
        }
        emit(c, n, "Squeeze", inputs);
    }

    private static void reduce(GraphConversion c, Node n, String onnxOp) {
        long[] axes = c.constIn(n, 1).toLongs();
        AttributeProto keep = integer("keepdims", n.attrBool("keep_dims") ? 1 : 0);
        if (onnxOp.equals("ReduceSum")) {
            emit(c, n, onnxOp, List.of(c.in(n, 0), c.onnx.int64s(n.name() + "/axes", axes)), keep);
        } else {
            emit(c, n, onnxOp, List.of(c.in(n, 0)), ints("axes", axes), keep);
        }
    }

    /** TF StridedSlice (begin/end/strides with bit masks) → ONNX Slice, then Squeeze for shrunk axes. */
    private static void stridedSlice(GraphConversion c, Node n) {
        long[] begin = c.constIn(n, 1).toLongs();
        long[] end = c.constIn(n, 2).toLongs();
        long[] strides = c.constIn(n, 3).toLongs();
        long beginMask = n.attrInt("begin_mask", 0), endMask = n.attrInt("end_mask", 0);
        long ellipsisMask = n.attrInt("ellipsis_mask", 0), shrinkMask = n.attrInt("shrink_axis_mask", 0);
        if (n.attrInt("new_axis_mask", 0) != 0) {
            throw c.fail(n, "uses new_axis_mask, which is not supported");
        }
        int specs = begin.length;
        boolean afterEllipsis = false;
        List<Long> starts = new ArrayList<>(), ends = new ArrayList<>(), axes = new ArrayList<>(), steps = new ArrayList<>();
        List<Long> squeeze = new ArrayList<>();
        for (int i = 0; i < specs; i++) {
            if (bit(ellipsisMask, i)) {
                afterEllipsis = true;
                continue;
            }
            // Axes after an ellipsis count from the end, so the input's rank need not be known.
            long axis = afterEllipsis ? i - specs : i;
            long step = strides[i];
            long from = bit(beginMask, i) ? (step > 0 ? 0 : Long.MAX_VALUE) : begin[i];
            long to = bit(endMask, i) ? (step > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : end[i];
            if (bit(shrinkMask, i)) {
                from = begin[i];
                to = from == -1 ? Long.MAX_VALUE : from + 1;
                step = 1;
                squeeze.add(axis);
            } else if (from == 0 && to == Long.MAX_VALUE && step == 1) {
                continue;
            }
            starts.add(from);
            ends.add(to);
            axes.add(axis);
            steps.add(step);
        }
        String x = c.in(n, 0);
        if (!axes.isEmpty()) {
            x = c.onnx.node("Slice", squeeze.isEmpty() ? n.name() : c.onnx.uniqueName(n.name()), List.of(x,
                    c.onnx.int64s(n.name() + "/starts", longs(starts)), c.onnx.int64s(n.name() + "/ends", longs(ends)),
                    c.onnx.int64s(n.name() + "/axes", longs(axes)), c.onnx.int64s(n.name() + "/steps", longs(steps))));
        }
        if (!squeeze.isEmpty()) {
            x = c.onnx.node("Squeeze", n.name(), List.of(x, c.onnx.int64s(n.name() + "/squeeze", longs(squeeze))));
        }
        c.setOutput(n, 0, x);
    }

    private static boolean bit(long mask, int i) {
        return (mask & (1L << i)) != 0;
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** TF resizes NHWC to a constant [height, width]; ONNX Resize wants sizes for all four NCHW dims. */
    private static void resize(GraphConversion c, Node n) {
        ConstTensor size = c.constIn(n, 1);
        boolean alignCorners = n.attrBool("align_corners");
        boolean halfPixel = n.attrBool("half_pixel_centers");
        boolean bilinear = n.op().equals("ResizeBilinear");
        String coordinates = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
        String x = c.onnx.transpose(c.in(n, 0), NHWC_TO_NCHW, c.onnx.uniqueName(n.name() + "/nchw"));
        String shape = c.onnx.node("Shape", c.onnx.uniqueName(n.name() + "/shape"), List.of(x));
        String batchAndChannels = c.onnx.node("Slice", c.onnx.uniqueName(n.name() + "/nc"), List.of(shape,
                c.onnx.int64s("zero", 0), c.onnx.int64s("two", 2), c.onnx.int64s("zero", 0)));
        String sizes = c.onnx.node("Concat", c.onnx.uniqueName(n.name() + "/sizes"),
                List.of(batchAndChannels, c.onnx.int64s(n.name() + "/hw", c.resizeSize(n, size))), integer("axis", 0));
        List<AttributeProto> attributes = new ArrayList<>(List.of(
                string("mode", bilinear ? "linear" : "nearest"), string("coordinate_transformation_mode", coordinates)));
        if (!bilinear) {
            // TF's half-pixel nearest is floor((x + 0.5) * scale) = round_prefer_ceil((x + 0.5) * scale - 0.5).
            attributes.add(string("nearest_mode", alignCorners || halfPixel ? "round_prefer_ceil" : "floor"));
        }
        String y = c.onnx.node("Resize", c.onnx.uniqueName(n.name() + "/resize"), List.of(x, "", "", sizes),
                attributes.toArray(AttributeProto[]::new));
        c.setOutput(n, 0, c.onnx.transpose(y, NCHW_TO_NHWC, n.name()));
    }

    private static void split(GraphConversion c, Node n) {
        boolean splitV = n.op().equals("SplitV");
        long axis = (long) c.constIn(n, splitV ? 2 : 0).get(0);
        String value = c.in(n, splitV ? 0 : 1);
        List<String> inputs = new ArrayList<>(List.of(value));
        int count;
        if (splitV) {
            long[] sizes = c.constIn(n, 1).toLongs();
            for (long s : sizes) {
                if (s < 0) {
                    throw c.fail(n, "has an inferred (-1) split size, which is not supported");
                }
            }
            inputs.add(c.onnx.int64s(n.name() + "/split", sizes));
            count = sizes.length;
        } else {
            count = (int) n.attrInt("num_split", 1);
        }
        List<String> outputs = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            outputs.add(GraphConversion.outputName(n, k));
        }
        c.onnx.nodes("Split", outputs, inputs, integer("axis", axis));
        for (int k = 0; k < count; k++) {
            c.setOutput(n, k, outputs.get(k));
        }
    }

    /** TF rounds integer division towards minus infinity; ONNX Div truncates towards zero. */
    private static void floorDiv(GraphConversion c, Node n) {
        String a = c.in(n, 0), b = c.in(n, 1);
        if (isInteger(n)) {
            // a - floormod(a, b) is an exact multiple of b, so the truncating Div is exact
            String exact = c.onnx.node("Sub", c.onnx.uniqueName(n.name()), List.of(a, integerFloorMod(c, n, a, b)));
            emit(c, n, "Div", List.of(exact, b));
        } else {
            emit(c, n, "Floor", List.of(c.onnx.node("Div", c.onnx.uniqueName(n.name()), List.of(a, b))));
        }
    }

    /** TF's remainder takes the divisor's sign (as Python's %). */
    private static void floorMod(GraphConversion c, Node n) {
        String a = c.in(n, 0), b = c.in(n, 1);
        if (isInteger(n)) {
            c.setOutput(n, 0, integerFloorMod(c, n, a, b));
        } else {
            String quotient = c.onnx.node("Floor", c.onnx.uniqueName(n.name()),
                    List.of(c.onnx.node("Div", c.onnx.uniqueName(n.name()), List.of(a, b))));
            emit(c, n, "Sub", List.of(a, c.onnx.node("Mul", c.onnx.uniqueName(n.name()), List.of(quotient, b))));
        }
    }

    /** ONNX Mod with fmod = 0 (integers only) has the divisor's sign, as TF's FloorMod. */
    private static String integerFloorMod(GraphConversion c, Node n, String a, String b) {
        return c.onnx.node("Mod", c.onnx.uniqueName(n.name() + "/mod"), List.of(a, b), integer("fmod", 0));
    }

    private static boolean isInteger(Node n) {
        String type = n.type("T");
        return type != null && (type.startsWith("DT_INT") || type.startsWith("DT_UINT"));
    }

    /** TopKV2 over the last axis; ONNX returns int64 indices, TF int32 (its index_type), so they are cast back. */
    private static void topK(GraphConversion c, Node n) {
        String k = c.onnx.int64s(n.name() + "/k", (long) c.constIn(n, 1).get(0));
        String values = GraphConversion.outputName(n, 0);
        String indices = c.onnx.uniqueName(n.name() + "/indices");
        c.onnx.nodes("TopK", List.of(values, indices), List.of(c.in(n, 0), k),
                integer("axis", -1), integer("largest", 1), integer("sorted", 1));
        c.setOutput(n, 0, values);
        String indexType = n.type("index_type");
        c.setOutput(n, 1, c.onnx.node("Cast", GraphConversion.outputName(n, 1), List.of(indices),
                integer("to", GraphConversion.elemType(indexType == null ? "DT_INT32" : indexType))));
    }

    private static void gather(GraphConversion c, Node n) {
        if (n.attrInt("batch_dims", 0) != 0) {
            throw c.fail(n, "uses batch_dims " + n.attrInt("batch_dims", 0) + "; only 0 is supported");
        }
        emit(c, n, "Gather", List.of(c.in(n, 0), c.in(n, 1)), integer("axis", (long) c.constIn(n, 2).get(0)));
    }
}
