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
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.visor.VisorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session over an ONNX export of a {@link Model} whose graph outputs are a fixed list of
 * tensors: it takes a DJL input array and returns DJL arrays made in the caller's manager. It knows nothing
 * of gradients; {@link FastForward} decides when a pass may use it.
 */
final class InferenceSession implements AutoCloseable {
    private final OrtSession session;
    private final String inputName;
    private final List<String> outputs;

    private InferenceSession(OrtSession session, String inputName, List<String> outputs) {
        this.session = session;
        this.inputName = inputName;
        this.outputs = List.copyOf(outputs);
    }

    /**
     * A session over a serialised ONNX model (all graph optimisations on, sequential execution).
     *
     * @param onnx    the model bytes
     * @param outputs its graph outputs, in order
     * @param threads intra-op threads
     */
    static InferenceSession create(byte[] onnx, List<String> outputs, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setIntraOpNumThreads(threads);
            so.setInterOpNumThreads(1);
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            OrtSession s = env.createSession(onnx, so);
            return new InferenceSession(s, s.getInputNames().iterator().next(), outputs);
        }
    }

    /** The outputs, by tensor name, as arrays in {@code step}; the input must be float32. */
    Map<String, NDArray> run(NDArray input, NDManager step) {
        ByteBuffer in = ((PtNDArray) input).toByteBuffer(true).order(ByteOrder.nativeOrder());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor x = OnnxTensor.createTensor(env, in, input.getShape().getShape(), OnnxJavaType.FLOAT);
             OrtSession.Result r = session.run(Map.of(inputName, x))) {
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (int i = 0; i < outputs.size(); i++) {
                out.put(outputs.get(i), toArray((OnnxTensor) r.get(i), step));
            }
            return out;
        } catch (OrtException e) {
            throw new VisorException("ONNX Runtime failed: " + e.getMessage(), e);
        }
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

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new VisorException("cannot close an ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
