package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.Shapes;
import org.evoke.tensor.attention.TokenKernels;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Reads the electrodes back out of a feature grid: x (B, K, H, W), K bands on an H x W electrode grid, to y (B, E, K),
 * electrode e's K band features in a row, y[b][e][k] = x[b][k][cells[e]]. The empty cells carry no gradient. This is
 * how Arjun ViT, whose input is electrodes x time, reads DE or PSD features: the bands take the place of time
 * (docs/models.md). A gather inside forward, not a PyTorch module: Table I does not count it.
 */
public final class ElectrodeGather implements Layer {
    private final String name;
    private INDArray checked; // the last arrays that passed the checks (an array's shape and type never change)
    private final int[] cells;
    private final int height, width;
    private INDArray y, dx;
    private long[] inShape;
    private boolean ready;

    /**
     * @param cells  (E,) row * width + column of each electrode, distinct, in the order the rows of y take
     * @param height H of the grid
     * @param width  W of the grid
     */
    public ElectrodeGather(String name, int[] cells, int height, int width) {
        boolean[] seen = new boolean[height * width];
        for (int c : cells) {
            if (c < 0 || c >= height * width || seen[c]) {
                throw new IllegalArgumentException(name + ": cell " + c + " is outside the " + height + "x" + width
                        + " grid or used twice; expected distinct cells in 0.." + (height * width - 1));
            }
            seen[c] = true;
        }
        this.name = name;
        this.cells = cells.clone();
        this.height = height;
        this.width = width;
    }

    @Override
    public String name() {
        return name;
    }

    /** The electrodes' cells (a copy). */
    public int[] cells() {
        return cells.clone();
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x != checked) { // once per input array: steady-state calls build no message strings
            Shapes.requireFloating(x, name + " input");
            if (x.rank() != 4 || x.size(2) != height || x.size(3) != width) {
                throw new IllegalArgumentException(name + " input: expected (batch, bands, " + height + ", " + width + "), got "
                        + Arrays.toString(x.shape()));
            }
            checked = x;
            inShape = x.shape();
        }
        y = Buffers.ensure(y, x.dataType(), x.size(0), cells.length, x.size(1));
        TokenKernels.gather(x, cells, y);
        ready = training;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException(name + ": backward needs a forward(x, true) before it");
        }
        dx = Buffers.ensure(dx, dy.dataType(), inShape);
        TokenKernels.gatherBackward(dy, cells, dx);
        ready = false;
        return dx;
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return new long[] {cells.length, inputShape[0]};
    }

    @Override
    public int moduleCount() {
        return 0;
    }

    @Override
    public String toString() {
        return name + ": electrodes (" + cells.length + ") out of the " + height + "x" + width + " grid";
    }
}
