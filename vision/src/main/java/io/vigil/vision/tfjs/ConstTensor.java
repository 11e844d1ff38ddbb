package io.vigil.vision.tfjs;

import java.util.Arrays;

/** A tensor whose value is known at conversion time: a TF.js weight or a value folded from weights. */
final class ConstTensor {
    enum Type { FLOAT, INT, BOOL }

    final Type type;
    final long[] shape;
    /** Values for {@link Type#FLOAT}, else null. */
    final float[] floats;
    /** Values for {@link Type#INT} and {@link Type#BOOL} (0/1), else null. */
    final long[] ints;

    private ConstTensor(Type type, long[] shape, float[] floats, long[] ints) {
        this.type = type;
        this.shape = shape;
        this.floats = floats;
        this.ints = ints;
        int expected = elementCount(shape);
        if (size() != expected) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs " + expected + " values, got " + size());
        }
    }

    static ConstTensor ofFloats(long[] shape, float[] values) {
        return new ConstTensor(Type.FLOAT, shape, values, null);
    }

    static ConstTensor ofInts(long[] shape, long[] values) {
        return new ConstTensor(Type.INT, shape, null, values);
    }

    static ConstTensor ofBools(long[] shape, long[] values) {
        return new ConstTensor(Type.BOOL, shape, null, values);
    }

    static ConstTensor of(Type type, long[] shape, double[] values) {
        if (type == Type.FLOAT) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return ofFloats(shape, f);
        }
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) values[i];
        }
        return type == Type.INT ? ofInts(shape, l) : ofBools(shape, l);
    }

    static int elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    int size() {
        return floats != null ? floats.length : ints.length;
    }

    int rank() {
        return shape.length;
    }

    double get(int i) {
        return floats != null ? floats[i] : ints[i];
    }

    double[] toDoubles() {
        double[] d = new double[size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = get(i);
        }
        return d;
    }

    long[] toLongs() {
        long[] l = new long[size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) get(i);
        }
        return l;
    }

    ConstTensor reshaped(long[] newShape) {
        return new ConstTensor(type, newShape, floats, ints);
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape);
    }
}
