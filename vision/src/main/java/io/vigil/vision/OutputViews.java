package io.vigil.vision;

import ai.onnxruntime.OnnxTensor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ONNX Runtime output tensors in place. Its public Java API (OnnxTensor.getFloatBuffer(), and
 * DJL's NDArray.toByteBuffer() on top of it) copies the whole tensor into a new heap buffer on every
 * read: 1.7 MB per NanoDet frame, about 1.5 ms on 2 cores, a tenth of the inference. Its private
 * getBuffer() returns a direct buffer over the tensor's native memory instead; this uses that where
 * the ONNX Runtime on the class path has it, else the public copy. A view is valid until its tensor
 * is closed.
 */
final class OutputViews {
    private static final Logger log = LoggerFactory.getLogger(OutputViews.class);
    private static final MethodHandle NATIVE_BUFFER = nativeBuffer();

    private OutputViews() {}

    /** The float tensor's values: a view of its native memory, or a copy where no view is available. */
    static FloatBuffer floats(OnnxTensor tensor) {
        if (NATIVE_BUFFER != null) {
            try {
                return ((ByteBuffer) NATIVE_BUFFER.invokeExact(tensor)).order(ByteOrder.nativeOrder()).asFloatBuffer();
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read ONNX Runtime output " + tensor.getInfo() + ": " + e, e);
            }
        }
        return tensor.getFloatBuffer();
    }

    private static MethodHandle nativeBuffer() {
        try {
            Method getBuffer = OnnxTensor.class.getDeclaredMethod("getBuffer");
            getBuffer.setAccessible(true);
            return MethodHandles.lookup().unreflect(getBuffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.info("ONNX Runtime outputs will be copied before decoding (no in-place view in this version: {})", e.toString());
            return null;
        }
    }
}
