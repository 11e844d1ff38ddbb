package io.vigil.vision.tfjs;

import static io.vigil.vision.tfjs.TinyTfjsModel.bool;
import static io.vigil.vision.tfjs.TinyTfjsModel.intList;
import static io.vigil.vision.tfjs.TinyTfjsModel.integer;
import static io.vigil.vision.tfjs.TinyTfjsModel.real;
import static io.vigil.vision.tfjs.TinyTfjsModel.string;
import static io.vigil.vision.tfjs.TinyTfjsModel.stringList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each op on a tiny graph, converted and run with ONNX Runtime, against values computed here by hand. */
class TfjsToOnnxConverterTest {
    private static final float EPS = 1e-5f;

    @TempDir
    Path dir;

    @Test
    void fusedConv2dSameWithBiasAndRelu() throws Exception {
        float[] x = random(1 * 4 * 5 * 2, 1);
        float[] w = random(3 * 3 * 2 * 3, 2);
        float[] bias = {0.1f, -0.2f, 0.3f};
        TinyTfjsModel m = new TinyTfjsModel().input("x", 1, 4, 5, 2)
                .floats("w", new long[] {3, 3, 2, 3}, w).floats("b", new long[] {3}, bias);
        ObjectNode conv = m.op("conv", "_FusedConv2D", "x", "w", "b");
        string(conv, "padding", "SAME");
        intList(conv, "strides", 1, 1, 1, 1);
        stringList(conv, "fused_ops", "BiasAdd", "Relu");
        float[] expected = conv2d(x, 4, 5, 2, w, 3, 3, 3, 1, 1, 1, 4, 5, bias);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Math.max(0, expected[i]);
        }
        assertThat(m.convertAndRun(dir, x, 1, 4, 5, 2)).containsExactly(expected, within(EPS));
    }

    @Test
    void conv2dValidStride2FollowedByBiasAddAndLeakyRelu() throws Exception {
        float[] x = random(5 * 5 * 2, 3);
        float[] w = random(3 * 3 * 2 * 2, 4);
        float[] bias = {0.5f, -0.5f};
        TinyTfjsModel m = new TinyTfjsModel().input("x", 1, 5, 5, 2)
                .floats("w", new long[] {3, 3, 2, 2}, w).floats("b", new long[] {2}, bias);
        ObjectNode conv = m.op("conv", "Conv2D", "x", "w");
        string(conv, "padding", "VALID");
        intList(conv, "strides", 1, 2, 2, 1);
        m.op("add", "Add", "conv", "b");
        real(m.op("act", "LeakyRelu", "add"), "alpha", 0.1);
        float[] expected = conv2d(x, 5, 5, 2, w, 3, 3, 2, 2, 0, 0, 2, 2, bias);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = expected[i] < 0 ? 0.1f * expected[i] : expected[i];
        }
        assertThat(m.convertAndRun(dir, x, 1, 5, 5, 2)).containsExactly(expected, within(EPS));
    }

    @Test
    void depthwiseConvWithMultiplier() throws Exception {
        float[] x = random(4 * 4 * 2, 5);
        float[] w = random(3 * 3 * 2 * 2, 6);
        TinyTfjsModel m = new TinyTfjsModel().input("x", 1, 4, 4, 2).floats("w", new long[] {3, 3, 2, 2}, w);
        ObjectNode conv = m.op("dw", "DepthwiseConv2dNative", "x", "w");
        string(conv, "padding", "SAME");
        intList(conv, "strides", 1, 1, 1, 1);
        float[] expected = new float[4 * 4 * 4];
        for (int y = 0; y < 4; y++) {
            for (int xx = 0; xx < 4; xx++) {
                for (int c = 0; c < 2; c++) {
                    for (int k = 0; k < 2; k++) {
                        float sum = 0;
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = y + ky - 1, ix = xx + kx - 1;
                                if (iy >= 0 && iy < 4 && ix >= 0 && ix < 4) {
                                    sum += x[(iy * 4 + ix) * 2 + c] * w[((ky * 3 + kx) * 2 + c) * 2 + k];
                                }
                            }
                        }
                        expected[(y * 4 + xx) * 4 + c * 2 + k] = sum;
                    }
                }
            }
        }
        assertThat(m.convertAndRun(dir, x, 1, 4, 4, 2)).containsExactly(expected, within(EPS));
    }

    @Test
    void padV2WithMinusInfinityThenMaxPool() throws Exception {
        float[] x = random(4 * 4, 7);
        TinyTfjsModel m = new TinyTfjsModel().input("x", 1, 4, 4, 1)
                .ints("paddings", new long[] {4, 2}, 0, 0, 1, 1, 1, 1, 0, 0)
                .halfs("value", new long[0], (short) 0xFC00);
        m.op("pad", "PadV2", "x", "paddings", "value");
        ObjectNode pool = m.op("pool", "MaxPool", "pad");
        string(pool, "padding", "VALID");
        intList(pool, "ksize", 1, 3, 3, 1);
        intList(pool, "strides", 1, 2, 2, 1);
        float[] expected = new float[4];
        for (int oy = 0; oy < 2; oy++) {
            for (int ox = 0; ox < 2; ox++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        int iy = oy * 2 + ky - 1, ix = ox * 2 + kx - 1;
                        if (iy >= 0 && iy < 4 && ix >= 0 && ix < 4) {
                            max = Math.max(max, x[iy * 4 + ix]);
                        }
                    }
                }
                expected[oy * 2 + ox] = max;
            }
        }
        assertThat(m.convertAndRun(dir, x, 1, 4, 4, 1)).containsExactly(expected, within(EPS));
    }

    @Test
    void concatReshapeTranspose() throws Exception {
        TinyTfjsModel m = new TinyTfjsModel().input("x", 1, 2, 1)
                .floats("c", new long[] {1, 2, 1}, 10, 20).ints("axis", new long[0], -1)
                .ints("shape", new long[] {2}, 2, 2).ints("perm", new long[] {2}, 1, 0);
        m.op("cat", "ConcatV2", "x", "c", "axis");
        m.op("r", "Reshape", "cat", "shape");
        m.op("t", "Transpose", "r", "perm");
        // concat → [[1, 10], [2, 20]]; transposed → [[1, 2], [10, 20]]
        assertThat(m.convertAndRun(dir, new float[] {1, 2}, 1, 2, 1)).containsExactly(1, 2, 10, 20);
    }

    @Test
    void resizeBilinearHalfPixelAndNearest() throws Exception {
        TinyTfjsModel m = new TinyTfjsModel().input("x", 1, 2, 2, 1).ints("size", new long[] {2}, 4, 4);
        ObjectNode r = m.op("bilinear", "ResizeBilinear", "x", "size");
        bool(r, "half_pixel_centers", true);
        // TF half-pixel: source coordinate (o + 0.5) / 2 - 0.5 clamped to [0, 1] → 0, .25, .75, 1
        float[] row0 = {1, 1.25f, 1.75f, 2};
        float[] expected = new float[16];
        float[] weights = {0, 0.25f, 0.75f, 1};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                expected[y * 4 + x] = row0[x] + weights[y] * 2; // rows differ by 2 (1,2 / 3,4)
            }
        }
        assertThat(m.convertAndRun(dir, new float[] {1, 2, 3, 4}, 1, 2, 2, 1)).containsExactly(expected, within(EPS));

        TinyTfjsModel nn = new TinyTfjsModel().input("x", 1, 2, 2, 1).ints("size", new long[] {2}, 4, 4);
        bool(nn.op("nearest", "ResizeNearestNeighbor", "x", "size"), "half_pixel_centers", true);
        assertThat(nn.convertAndRun(dir.resolve("nn"), new float[] {1, 2, 3, 4}, 1, 2, 2, 1))
                .containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void stridedSliceWithEllipsisEndMaskAndShrink() throws Exception {
        float[] x = new float[2 * 3 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        // x[..., 1:3] as YOLOv5's TF.js export writes it (ellipsis first)
        TinyTfjsModel m = new TinyTfjsModel().input("x", 2, 3, 4).ints("b", new long[] {2}, 0, 1)
                .ints("e", new long[] {2}, 0, 3).ints("s", new long[] {2}, 1, 1);
        integer(m.op("slice", "StridedSlice", "x", "b", "e", "s"), "ellipsis_mask", 1);
        float[] expected = new float[2 * 3 * 2];
        for (int r = 0; r < 6; r++) {
            expected[2 * r] = 4 * r + 1;
            expected[2 * r + 1] = 4 * r + 2;
        }
        assertThat(m.convertAndRun(dir, x, 2, 3, 4)).containsExactly(expected);

        // x[1, ::-1, 2:] : shrink axis 0, reverse axis 1 (begin/end masks), end mask on axis 2
        TinyTfjsModel m2 = new TinyTfjsModel().input("x", 2, 3, 4).ints("b", new long[] {3}, 1, 0, 2)
                .ints("e", new long[] {3}, 2, 0, 0).ints("s", new long[] {3}, 1, -1, 1);
        ObjectNode s = m2.op("slice", "StridedSlice", "x", "b", "e", "s");
        integer(s, "shrink_axis_mask", 1);
        integer(s, "begin_mask", 2);
        integer(s, "end_mask", 6);
        assertThat(m2.convertAndRun(dir.resolve("2"), x, 2, 3, 4)).containsExactly(22, 23, 18, 19, 14, 15);
    }

    @Test
    void float16AndUint8QuantisedWeightsAreDequantised() throws Exception {
        // float16 bits: 1.5, -2, smallest normal 2^-14, smallest subnormal 2^-24
        TinyTfjsModel m = new TinyTfjsModel().input("x", 4)
                .halfs("h", new long[] {4}, (short) 0x3E00, (short) 0xC000, (short) 0x0400, (short) 0x0001)
                .quantisedUint8("q", new long[] {4}, 0.5, -1, 0, 3, 255, 2);
        m.op("add", "AddV2", "x", "h");
        m.op("mul", "Mul", "add", "q");
        float[] h = {1.5f, -2f, 0x1p-14f, 0x1p-24f};
        float[] q = {-1f, 0.5f, 126.5f, 0f};
        float[] x = {1, 1, 1, 1};
        float[] expected = new float[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = (x[i] + h[i]) * q[i];
        }
        assertThat(m.convertAndRun(dir, x, 4)).containsExactly(expected, within(1e-6f));
    }

    @Test
    void splitVSigmoidSoftmax() throws Exception {
        float[] x = {0, 1, 1, 2, 3, 4};
        TinyTfjsModel m = new TinyTfjsModel().input("x", 1, 6).ints("sizes", new long[] {2}, 2, 4)
                .ints("dim", new long[0], 1).ints("axis", new long[0], 1);
        integer(m.op("split", "SplitV", "x", "sizes", "dim"), "num_split", 2);
        m.op("sig", "Sigmoid", "split");
        m.op("soft", "Softmax", "split:1");
        m.op("cat", "ConcatV2", "sig", "soft", "axis");
        double sum = Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4);
        float[] expected = {0.5f, (float) (1 / (1 + Math.exp(-1))), (float) (Math.exp(1) / sum), (float) (Math.exp(2) / sum),
            (float) (Math.exp(3) / sum), (float) (Math.exp(4) / sum)};
        assertThat(m.convertAndRun(dir, x, 1, 6)).containsExactly(expected, within(EPS));
    }

    @Test
    void sparseToDenseOnConstantsFoldsIntoAReshapeShape() throws Exception {
        // NanoDet's pattern: shape = [1, 3, -1] + SparseToDense(no indices, [3], [], 0)
        TinyTfjsModel m = new TinyTfjsModel().input("x", 1, 6).ints("base", new long[] {3}, 1, 3, -1)
                .ints("where", new long[] {0, 1}).ints("outShape", new long[] {1}, 3).ints("values", new long[] {0})
                .ints("zero", new long[0], 0);
        m.op("dense", "SparseToDense", "where", "outShape", "values", "zero");
        m.op("shape", "AddV2", "base", "dense");
        m.op("r", "Reshape", "x", "shape");
        m.op("out", "Sigmoid", "r");
        assertThat(m.convertAndRun(dir, new float[6], 1, 6)).containsExactly(0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f);
    }

    @Test
    void floorDivAndFloorModRoundTowardsMinusInfinityOnIntegersAndFloats() throws Exception {
        // TF (and Python): -7 // 2 = -4, -7 % 2 = 1, 7 // -2 = -4, 7 % -2 = -1; ONNX Div would truncate to -3.
        float[] a = {7, -7, 7, -7, 6, -1.5f};
        float[] b = {2, 2, -2, -2, 3, 1};
        // As integers the last pair is -1 and 1 (the cast truncates -1.5).
        assertThat(floorOp(dir.resolve("i-div"), "FloorDiv", "DT_INT32", a, b)).containsExactly(3, -4, -4, 3, 2, -1);
        assertThat(floorOp(dir.resolve("i-mod"), "FloorMod", "DT_INT32", a, b)).containsExactly(1, 1, -1, -1, 0, 0);
        assertThat(floorOp(dir.resolve("f-div"), "FloorDiv", "DT_FLOAT", a, b)).containsExactly(3, -4, -4, 3, 2, -2);
        assertThat(floorOp(dir.resolve("f-mod"), "FloorMod", "DT_FLOAT", a, b)).containsExactly(1, 1, -1, -1, 0, 0.5f);
    }

    /** {@code op(x, b)} on a float input, cast to {@code type} and back when it is an integer type. */
    private static float[] floorOp(Path dir, String op, String type, float[] x, float[] b) throws Exception {
        boolean integer = !type.equals("DT_FLOAT");
        TinyTfjsModel m = new TinyTfjsModel().input("x", x.length);
        int[] ints = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ints[i] = (int) b[i];
        }
        if (integer) {
            m.ints("b", new long[] {b.length}, ints);
            TinyTfjsModel.type(m.op("xi", "Cast", "x"), "DstT", type);
        } else {
            m.floats("b", new long[] {b.length}, b);
        }
        TinyTfjsModel.type(m.op("y", op, integer ? "xi" : "x", "b"), "T", type);
        if (integer) {
            TinyTfjsModel.type(m.op("out", "Cast", "y"), "DstT", "DT_FLOAT");
        }
        return m.convertAndRun(dir, x, x.length);
    }

    @Test
    void topKGatherAndEqualDecodePeaksAsCenterNetDoes() throws Exception {
        // CenterNet's decoding: keep the heatmap's 3x3 peaks (x == maxpool(x)), take the top 2 flattened indices,
        // and gather a value per peak cell.
        float[] heat = {
            0.1f, 0.2f, 0.1f, 0.0f,
            0.2f, 0.9f, 0.3f, 0.1f,
            0.1f, 0.3f, 0.2f, 0.7f,
            0.0f, 0.1f, 0.6f, 0.2f};
        TinyTfjsModel m = new TinyTfjsModel().input("x", 1, 4, 4, 1)
                .ints("flat", new long[] {2}, 1, -1).ints("k", new long[0], 2).ints("axis", new long[0], 0)
                .ints("flatten", new long[] {1}, -1).floats("values", new long[] {16},
                        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        ObjectNode pool = m.op("pool", "MaxPool", "x");
        string(pool, "padding", "SAME");
        intList(pool, "ksize", 1, 3, 3, 1);
        intList(pool, "strides", 1, 1, 1, 1);
        m.op("peak", "Equal", "x", "pool");
        TinyTfjsModel.type(m.op("keep", "Cast", "peak"), "DstT", "DT_FLOAT");
        m.op("peaks", "Mul", "x", "keep");
        m.op("rows", "Reshape", "peaks", "flat");
        bool(m.op("top", "TopKV2", "rows", "k"), "sorted", true);
        m.op("index", "Reshape", "top:1", "flatten");
        integer(m.op("gathered", "GatherV2", "values", "index", "axis"), "batch_dims", 0);
        m.op("scores", "Reshape", "top", "flatten");
        m.op("both", "ConcatV2", "scores", "gathered", "axis");
        // Peaks 0.9 at cell 5 and 0.7 at cell 11 (0.6 at 14 is next to 0.7); values[5] = 5, values[11] = 11.
        assertThat(m.convertAndRun(dir, heat, 1, 4, 4, 1)).containsExactly(new float[] {0.9f, 0.7f, 5, 11}, within(EPS));
    }

    @Test
    void convertingForAnotherInputSizeScalesTheResizeSizes() throws Exception {
        // Declared as a 2x2 RGB image resized to 4x4: converted for a 4x4 input it resizes to 8x8.
        TinyTfjsModel m = new TinyTfjsModel().input("x", 1, 2, 2, 3).ints("size", new long[] {2}, 4, 4);
        m.op("up", "ResizeNearestNeighbor", "x", "size");
        Path json = m.write(dir);
        float[] x = new float[4 * 4 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] up = TinyTfjsModel.run(TfjsToOnnxConverter.convert(json, 4, 4), x, 1, 4, 4, 3);
        assertThat(up).hasSize(8 * 8 * 3);
        for (int y = 0; y < 8; y++) {
            for (int xx = 0; xx < 8; xx++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(up[(y * 8 + xx) * 3 + c]).isEqualTo(x[((y / 2) * 4 + xx / 2) * 3 + c]);
                }
            }
        }
        // 2 → 3 scaled for a 3x3 input would be 4.5
        TinyTfjsModel odd = new TinyTfjsModel().input("x", 1, 2, 2, 3).ints("size", new long[] {2}, 3, 3);
        odd.op("up", "ResizeNearestNeighbor", "x", "size");
        Path oddJson = odd.write(dir.resolve("odd"));
        assertThatThrownBy(() -> TfjsToOnnxConverter.convert(oddJson, 3, 3))
                .isInstanceOf(ModelConversionException.class).hasMessageContaining("does not scale to whole pixels");
    }

    @Test
    void unsupportedOpIsNamedInTheError() throws Exception {
        TinyTfjsModel m = new TinyTfjsModel().input("x", 4);
        m.op("mystery", "Erf", "x");
        Path json = m.write(dir);
        assertThatThrownBy(() -> TfjsToOnnxConverter.convert(json))
                .isInstanceOf(ModelConversionException.class)
                .hasMessageContaining("node 'mystery' (op Erf) is not supported");
    }

    @Test
    void cachedConversionIsReusedUntilTheWeightsChange() throws Exception {
        TinyTfjsModel m = new TinyTfjsModel().input("x", 2).floats("c", new long[] {2}, 1, 2);
        m.op("add", "Add", "x", "c");
        Path json = m.write(dir);
        Path onnx = TfjsToOnnxConverter.convertCached(json);
        assertThat(onnx).isEqualTo(dir.resolve("model.onnx")).exists();
        assertThat(dir.resolve("model.onnx.sha256")).exists();
        FileTime first = FileTime.fromMillis(0);
        Files.setLastModifiedTime(onnx, first);

        assertThat(TfjsToOnnxConverter.convertCached(json)).isEqualTo(onnx);
        assertThat(Files.getLastModifiedTime(onnx)).isEqualTo(first);

        TinyTfjsModel changed = new TinyTfjsModel().input("x", 2).floats("c", new long[] {2}, 5, 6);
        changed.op("add", "Add", "x", "c");
        changed.write(dir);
        TfjsToOnnxConverter.convertCached(json);
        assertThat(Files.getLastModifiedTime(onnx)).isNotEqualTo(first);
    }

    /** NHWC convolution, batch 1: explicit top/left padding, output size given. */
    private static float[] conv2d(float[] x, int h, int w, int ci, float[] f, int kh, int kw, int co, int stride,
                                  int padTop, int padLeft, int oh, int ow, float[] bias) {
        float[] out = new float[oh * ow * co];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int o = 0; o < co; o++) {
                    float sum = bias[o];
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int iy = oy * stride + ky - padTop, ix = ox * stride + kx - padLeft;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                continue;
                            }
                            for (int i = 0; i < ci; i++) {
                                sum += x[(iy * w + ix) * ci + i] * f[((ky * kw + kx) * ci + i) * co + o];
                            }
                        }
                    }
                    out[(oy * ow + ox) * co + o] = sum;
                }
            }
        }
        return out;
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
