package dev.visor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.visor.VisorException;
import dev.visor.io.onnx.OrtRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session over an ONNX export of a {@link Model} whose graph outputs are a fixed list of
 * tensors: it takes a DJL input array and returns DJL arrays made in the caller's manager. It knows nothing
 * of gradients; {@link FastForward} decides when a pass may use it. Passes may run concurrently; {@link #close()}
 * waits for none of them but frees the native session only after the last one has finished.
 */
final class InferenceSession implements AutoCloseable {
    private final OrtSession session;
    private final String inputName;
    private final List<String> outputs;
    /** Output shapes and types by input shape, learned from the first pass at that shape. */
    private final Map<List<Long>, List<Layout>> layouts = new java.util.concurrent.ConcurrentHashMap<>();

    private int users;
    private boolean closed;

    private record Layout(long[] shape, DataType type) {}

    private InferenceSession(OrtSession session, String inputName, List<String> outputs) {
        this.session = session;
        this.inputName = inputName;
        this.outputs = List.copyOf(outputs);
    }

    /**
     * A session over a serialised ONNX model, with {@link OrtRuntime#options()} (all graph optimisations,
     * sequential execution, the process's shared thread pool).
     *
     * @param onnx    the model bytes
     * @param outputs its graph outputs, in order
     */
    static InferenceSession create(byte[] onnx, List<String> outputs) throws OrtException {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions so = OrtRuntime.options()) {
            OrtSession s = env.createSession(onnx, so);
            return new InferenceSession(s, s.getInputNames().iterator().next(), outputs);
        }
    }

    /**
     * The outputs, by tensor name, as arrays in {@code step}, or null when the session was closed meanwhile; the
     * input must be float32. From the second pass at an input shape on, ONNX Runtime writes straight into arrays
     * made in {@code step} (pinned outputs), which saves two copies and a direct-buffer allocation per output.
     */
    Map<String, NDArray> run(NDArray input, NDManager step) {
        synchronized (this) {
            if (closed) {
                return null;
            }
            users++;
        }
        try {
            return runOpen(input, step);
        } finally {
            release();
        }
    }

    private Map<String, NDArray> runOpen(NDArray input, NDManager step) {
        long[] shape = input.getShape().getShape();
        List<Long> key = java.util.Arrays.stream(shape).boxed().toList();
        ByteBuffer in = ((PtNDArray) input).toByteBuffer(true).order(ByteOrder.nativeOrder());
        OrtEnvironment env = OrtRuntime.environment();
        List<Layout> known = layouts.get(key);
        Map<String, NDArray> out = new LinkedHashMap<>();
        Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
        try (OnnxTensor x = OnnxTensor.createTensor(env, in, shape, OnnxJavaType.FLOAT)) {
            if (known == null) {
                try (OrtSession.Result r = session.run(Map.of(inputName, x))) {
                    List<Layout> seen = new java.util.ArrayList<>();
                    for (int i = 0; i < outputs.size(); i++) {
                        NDArray a = toArray((OnnxTensor) r.get(i), step);
                        out.put(outputs.get(i), a);
                        seen.add(new Layout(a.getShape().getShape().clone(), a.getDataType()));
                    }
                    layouts.put(key, List.copyOf(seen));
                }
                return out;
            }
            for (int i = 0; i < outputs.size(); i++) {
                Layout l = known.get(i);
                NDArray a = step.create(new Shape(l.shape()), l.type());
                out.put(outputs.get(i), a);
                ByteBuffer b = ((PtNDArray) a).toByteBuffer(true).order(ByteOrder.nativeOrder());
                pinned.put(outputs.get(i), OnnxTensor.createTensor(env, b, l.shape(), javaType(l.type())));
            }
            session.run(Map.of(inputName, x), pinned).close();
            return out;
        } catch (OrtException e) {
            throw new VisorException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            pinned.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxJavaType javaType(DataType t) {
        return switch (t) {
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case FLOAT64 -> OnnxJavaType.DOUBLE;
            case INT64 -> OnnxJavaType.INT64;
            case INT32 -> OnnxJavaType.INT32;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case BOOLEAN -> OnnxJavaType.BOOL;
            default -> throw new VisorException("no ONNX Runtime type for " + t);
        };
    }

    private static NDArray toArray(OnnxValue v, NDManager step) {
        OnnxTensor t = (OnnxTensor) v;
        DataType type = switch (t.getInfo().type) {
            case FLOAT -> DataType.FLOAT32;
            case DOUBLE -> DataType.FLOAT64;
            case INT64 -> DataType.INT64;
            case INT32 -> DataType.INT32;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case BOOL -> DataType.BOOLEAN;
            default -> throw new VisorException("ONNX Runtime output of type " + t.getInfo().type
                    + " (Visor's fast forward reads FLOAT, DOUBLE, INT64, INT32, INT8, UINT8, BOOL)");
        };
        ByteBuffer b = t.getByteBuffer().order(ByteOrder.nativeOrder());
        return step.create(b, new Shape(t.getInfo().getShape()), type);
    }

    private synchronized void release() {
        if (--users == 0 && closed) {
            free();
        }
    }

    /** Closes the session now, or after the passes still running on it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (users == 0) {
            free();
        }
    }

    private void free() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new VisorException("cannot close an ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
