package io.vigil.vision.tfjs;

import io.vigil.vision.tfjs.TfjsGraph.Node;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Evaluates at conversion time the ops whose inputs are all constants, where that is simple: shape
 * arithmetic (e.g. NanoDet's Reshape shapes come from SparseToDense + AddV2 on constants), casts.
 * Returns null for anything else; the op is then converted as usual and ONNX Runtime folds it.
 */
final class ConstantFolder {
    private ConstantFolder() {}

    static ConstTensor fold(Node n, List<ConstTensor> in) {
        return switch (n.op()) {
            case "Identity", "StopGradient", "Snapshot" -> in.get(0);
            case "SparseToDense" -> sparseToDense(in.get(0), in.get(1), in.get(2), in.get(3));
            case "Add", "AddV2" -> elementwise(in.get(0), in.get(1), Double::sum);
            case "Sub" -> elementwise(in.get(0), in.get(1), (a, b) -> a - b);
            case "Mul" -> elementwise(in.get(0), in.get(1), (a, b) -> a * b);
            case "RealDiv" -> in.get(0).type == ConstTensor.Type.FLOAT ? elementwise(in.get(0), in.get(1), (a, b) -> a / b) : null;
            case "Maximum" -> elementwise(in.get(0), in.get(1), Math::max);
            case "Minimum" -> elementwise(in.get(0), in.get(1), Math::min);
            case "Cast" -> cast(in.get(0), n.type("DstT"));
            case "Reshape" -> reshape(in.get(0), in.get(1));
            case "Pack" -> pack(in);
            case "ConcatV2" -> concat(in);
            default -> null;
        };
    }

    private static ConstTensor sparseToDense(ConstTensor indices, ConstTensor outputShape, ConstTensor values, ConstTensor fallback) {
        long[] shape = outputShape.toLongs();
        double[] dense = new double[ConstTensor.elementCount(shape)];
        Arrays.fill(dense, fallback.get(0));
        int rank = shape.length;
        int count = indices.rank() == 0 ? 1 : (int) indices.shape[0];
        int perIndex = indices.rank() == 2 ? (int) indices.shape[1] : 1;
        for (int k = 0; k < count; k++) {
            long flat = 0;
            for (int d = 0; d < perIndex; d++) {
                flat = flat * (rank == 0 ? 1 : shape[rank - perIndex + d]) + (long) indices.get(k * perIndex + d);
            }
            dense[(int) flat] = values.size() == 1 ? values.get(0) : values.get(k);
        }
        return ConstTensor.of(values.type, shape, dense);
    }

    /** Same shapes, or one side a single value; other broadcasts are left to ONNX Runtime. */
    private static ConstTensor elementwise(ConstTensor a, ConstTensor b, DoubleBinaryOperator op) {
        if (a.type != b.type) {
            return null;
        }
        boolean same = Arrays.equals(a.shape, b.shape);
        if (!same && a.size() != 1 && b.size() != 1) {
            return null;
        }
        ConstTensor big = b.size() > a.size() || (a.size() == 1 && b.rank() > a.rank()) ? b : a;
        double[] out = new double[big.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = op.applyAsDouble(a.get(a.size() == 1 ? 0 : i), b.get(b.size() == 1 ? 0 : i));
        }
        if (a.type == ConstTensor.Type.FLOAT) {
            float[] f = new float[out.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) out[i];
            }
            return ConstTensor.ofFloats(big.shape, f);
        }
        return ConstTensor.of(a.type, big.shape, out);
    }

    private static ConstTensor cast(ConstTensor x, String dstType) {
        ConstTensor.Type to = switch (dstType == null ? "" : dstType) {
            case "DT_FLOAT" -> ConstTensor.Type.FLOAT;
            case "DT_INT32", "DT_INT64" -> ConstTensor.Type.INT;
            case "DT_BOOL" -> ConstTensor.Type.BOOL;
            default -> null;
        };
        if (to == null) {
            return null;
        }
        double[] v = x.toDoubles();
        if (to != ConstTensor.Type.FLOAT) {
            for (int i = 0; i < v.length; i++) {
                v[i] = to == ConstTensor.Type.BOOL ? (v[i] != 0 ? 1 : 0) : (long) v[i];
            }
        }
        return ConstTensor.of(to, x.shape, v);
    }

    private static ConstTensor reshape(ConstTensor x, ConstTensor shape) {
        long[] s = shape.toLongs();
        long known = 1;
        int unknown = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0) {
                unknown = i;
            } else {
                known *= s[i];
            }
        }
        if (unknown >= 0) {
            s[unknown] = x.size() / known;
        }
        return x.reshaped(s);
    }

    private static ConstTensor pack(List<ConstTensor> in) {
        if (in.stream().anyMatch(t -> t.rank() != 0 || t.type != in.get(0).type)) {
            return null;
        }
        double[] v = in.stream().mapToDouble(t -> t.get(0)).toArray();
        return ConstTensor.of(in.get(0).type, new long[] {v.length}, v);
    }

    private static ConstTensor concat(List<ConstTensor> in) {
        List<ConstTensor> parts = in.subList(0, in.size() - 1);
        if (parts.stream().anyMatch(t -> t.rank() != 1 || t.type != parts.get(0).type)) {
            return null;
        }
        double[] v = parts.stream().flatMapToDouble(t -> Arrays.stream(t.toDoubles())).toArray();
        return ConstTensor.of(parts.get(0).type, new long[] {v.length}, v);
    }
}
