package org.evoke.nn;

import org.evoke.tensor.Buffers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trainable tensor and its gradient buffer, under its canonical name ({@code conv1.weight}, {@code fc2.bias}):
 * the name it has in saved files and in PyTorch's state_dict. Backward passes <em>add</em> into {@link #grad()};
 * {@link #zeroGrad()} clears it.
 *
 * <p>The fast kernels keep their own packed copy of each weight and repack it when its {@link #version()} moves.
 * The optimisers, {@code Model.load} and {@link #set} bump the version; code that writes into {@link #value()}
 * itself must call {@link #markChanged()} afterwards (the layers also notice a whole-tensor overwrite by sampling
 * a few elements, but not a change to single elements).
 */
public final class Parameter {
    private final String name;
    private INDArray value;
    private INDArray grad;
    private long version;

    /** Wraps {@code value} (kept, not copied) with a zero gradient of the same shape and type. */
    public Parameter(String name, INDArray value) {
        this.name = name;
        this.value = value;
        this.grad = Nd4j.zeros(value.dataType(), value.shape());
    }

    public String name() {
        return name;
    }

    /** The values; optimisers update this array in place. */
    public INDArray value() {
        return value;
    }

    /** The accumulated gradient dL/d(value), same shape. */
    public INDArray grad() {
        return grad;
    }

    /** Counts changes of {@link #value()}: bumped by every optimiser step, load and {@link #set}. */
    public long version() {
        return version;
    }

    /** Records that {@link #value()} was written to, so that packed copies of it are rebuilt. */
    public void markChanged() {
        version++;
    }

    /** Copies {@code values} (same shape; converted to this parameter's type) into {@link #value()}. */
    public void set(INDArray values) {
        if (!java.util.Arrays.equals(values.shape(), value.shape())) {
            throw new IllegalArgumentException(name + ": values of shape " + java.util.Arrays.toString(values.shape())
                    + ", expected " + java.util.Arrays.toString(value.shape()));
        }
        value.assign(values.dataType() == value.dataType() ? values : values.castTo(value.dataType()));
        markChanged();
    }

    public void zeroGrad() {
        Buffers.zero(grad);
    }

    public long length() {
        return value.length();
    }

    /**
     * Converts value and gradient to {@code type} (new arrays; layers pick them up on their next call). Used to run
     * a model in double precision for gradient checks.
     */
    public void castTo(DataType type) {
        if (value.dataType() != type) {
            value = value.castTo(type).dup('c');
            grad = grad.castTo(type).dup('c');
            markChanged();
        }
    }

    @Override
    public String toString() {
        return name + " " + java.util.Arrays.toString(value.shape());
    }
}
