package io.vigil.vision;

import ai.djl.MalformedModelException;
import ai.onnx.proto.OnnxMl;
import ai.djl.inference.Predictor;
import ai.djl.onnxruntime.engine.OrtNDArray;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * An ONNX model on DJL's OnnxRuntime engine, run with one {@link Predictor} per calling thread
 * (predictors are not thread-safe; the underlying ONNX Runtime session is shared).
 */
final class OnnxModel implements AutoCloseable {
    /** One output tensor. */
    record Output(String name, long[] shape, FloatBuffer data) {}

    private final Path file;
    private final ZooModel<NDList, NDList> model;
    private final String inputName;
    private final long[] inputShape;
    private final Queue<Predictor<NDList, NDList>> predictors = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Predictor<NDList, NDList>> threadPredictor;

    private OnnxModel(Path file, ZooModel<NDList, NDList> model) {
        this.file = file;
        this.model = model;
        PairList<String, Shape> inputs = model.describeInput();
        if (inputs == null || inputs.size() != 1) {
            model.close();
            throw new ModelLoadException("model " + file + " has " + (inputs == null ? 0 : inputs.size())
                    + " inputs; a detector needs exactly one image input");
        }
        this.inputName = inputs.get(0).getKey();
        this.inputShape = declaredShape(file, inputName);
        this.threadPredictor = ThreadLocal.withInitial(() -> {
            Predictor<NDList, NDList> p = model.newPredictor();
            predictors.add(p);
            return p;
        });
    }

    static OnnxModel load(Path file, int intraOpThreads) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model file " + file + " does not exist");
        }
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file)
                .optEngine("OnnxRuntime")
                .optTranslator(new NoopTranslator())
                .optOption("intraOpNumThreads", Integer.toString(intraOpThreads))
                .optOption("interOpNumThreads", "1")
                .build();
        try {
            return new OnnxModel(file, criteria.loadModel());
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            if (e instanceof ModelLoadException m) {
                throw m;
            }
            throw new ModelLoadException("cannot load " + file + " as an ONNX model: " + rootMessage(e), e);
        }
    }

    Path file() {
        return file;
    }

    String inputName() {
        return inputName;
    }

    /** The input shape the model declares; -1 where a dimension is not fixed. */
    long[] inputShape() {
        return inputShape.clone();
    }

    /**
     * Runs the model on one input tensor (best a direct buffer) and hands its outputs to {@code reader}.
     * The outputs are views of ONNX Runtime's memory where possible (see {@link OutputViews}): valid
     * only inside the reader, which reads just the values it needs.
     */
    <T> T run(FloatBuffer input, long[] shape, Function<List<Output>, T> reader) {
        Predictor<NDList, NDList> predictor = threadPredictor.get();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            // A direct buffer is read in place; a heap one would be copied into native memory per run.
            NDArray x = manager.create(input, new Shape(shape));
            x.setName(inputName);
            // The results belong to the manager: closed with it, after the reader.
            NDList result = predictor.predict(new NDList(x));
            List<Output> outputs = new ArrayList<>(result.size());
            for (NDArray y : result) {
                outputs.add(new Output(y.getName(), y.getShape().getShape(), floats(y)));
            }
            return reader.apply(outputs);
        } catch (TranslateException e) {
            throw new IllegalStateException("inference with " + file + " failed: " + rootMessage(e), e);
        }
    }

    private FloatBuffer floats(NDArray y) {
        if (!(y instanceof OrtNDArray ort) || y.getDataType() != DataType.FLOAT32) {
            throw new IllegalStateException("output " + y.getName() + " of " + file + " is " + y.getDataType()
                    + "; a detector needs float32 outputs");
        }
        return OutputViews.floats(ort.getTensor());
    }

    @Override
    public void close() {
        Predictor<NDList, NDList> p;
        while ((p = predictors.poll()) != null) {
            p.close();
        }
        model.close();
    }

    /** DJL does not report input shapes for ONNX Runtime, so read the one declared in the file. */
    private static long[] declaredShape(Path file, String input) {
        try (InputStream in = Files.newInputStream(file)) {
            OnnxMl.GraphProto graph = OnnxMl.ModelProto.parseFrom(in).getGraph();
            for (OnnxMl.ValueInfoProto v : graph.getInputList()) {
                if (v.getName().equals(input)) {
                    return v.getType().getTensorType().getShape().getDimList().stream()
                            .mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1).toArray();
                }
            }
            throw new ModelLoadException("model " + file + " does not declare its input " + input);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
