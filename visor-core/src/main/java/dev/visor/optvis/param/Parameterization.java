package dev.visor.optvis.param;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainable tensors of an optimisation and the function that turns them into an image batch
 * (NCHW, values in [0, 1], RGB or grey: the image side of {@code InputSpec}). The renderer copies the
 * parameters into fresh gradient leaves every step and calls {@link #image(List)} on the copies, so
 * the function runs on the step's arrays; step rules write new values back with {@link #update}.
 */
public abstract class Parameterization implements AutoCloseable {
    private final NDManager manager;
    private final List<NDArray> params = new ArrayList<>();
    private final Shape imageShape;

    /**
     * @param parent     manager under which the parameters live (a sub-manager is opened)
     * @param imageShape the NCHW shape of the images produced
     */
    protected Parameterization(NDManager parent, Shape imageShape) {
        this.manager = parent.newSubManager();
        this.imageShape = imageShape;
    }

    /** The manager that owns the parameters and the constants of this parameterisation. */
    public NDManager manager() {
        return manager;
    }

    /** The image batch shape (N, C, H, W). */
    public Shape imageShape() {
        return imageShape;
    }

    /** Number of batch items. */
    public int batch() {
        return (int) imageShape.get(0);
    }

    /** The current parameter values (do not close them; replace them with {@link #update}). */
    public List<NDArray> parameters() {
        return List.copyOf(params);
    }

    /** Adds a parameter (constructors only). */
    protected void addParameter(NDArray value) {
        value.attach(manager);
        params.add(value);
    }

    /** Replaces parameter {@code i}: the new value moves into this parameterisation's manager, the old one is freed. */
    public void update(int i, NDArray value) {
        NDArray old = params.get(i);
        if (value == old) {
            return;
        }
        value.attach(manager);
        params.set(i, value);
        old.close();
    }

    /**
     * The image batch from the given parameter values (one per {@link #parameters()} entry, usually
     * gradient leaves in a step manager). Every array made lives in the values' manager.
     */
    public abstract NDArray image(List<NDArray> values);

    /** The image batch of the current parameters, made in {@code target}. */
    public NDArray currentImage(NDManager target) {
        List<NDArray> copies = new ArrayList<>();
        for (NDArray p : params) {
            NDArray c = p.duplicate();
            c.attach(target);
            copies.add(c);
        }
        return image(copies);
    }

    /**
     * Sets the parameters so that the image equals {@code image01} (NCHW in [0, 1], one image for the
     * whole batch or one per item), as closely as the parameterisation can represent it.
     */
    public abstract void initFrom(NDArray image01);

    /** A short description for sidecars. */
    public abstract String describe();

    /** Checks an init image's shape against the batch. */
    protected void checkInit(NDArray image01) {
        Shape s = image01.getShape();
        boolean ok = s.dimension() == 4 && (s.get(0) == 1 || s.get(0) == imageShape.get(0)) && s.get(1) == imageShape.get(1)
                && s.get(2) == imageShape.get(2) && s.get(3) == imageShape.get(3);
        if (!ok) {
            throw new dev.visor.VisorException("init image of shape " + s + " does not fit images of shape " + imageShape
                    + " (resize it first)");
        }
    }

    /** One init image repeated to the batch, copied into {@code m}. */
    protected NDArray toBatch(NDArray image01, NDManager m) {
        NDArray x = image01.duplicate();
        x.attach(m);
        return x.getShape().get(0) == imageShape.get(0) ? x : x.repeat(0, imageShape.get(0));
    }

    @Override
    public void close() {
        manager.close();
    }
}
