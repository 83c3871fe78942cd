package org.evoke.distill.train;

import org.evoke.tensor.Buffers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * Gathers the rows of a batch into reused buffers: one set for the full batch size and one for the smaller last
 * batch, each allocated once, so an epoch allocates nothing. Rows are copied with bulk float copies from the
 * native buffers (features, labels and, when distilling, the teacher's logits).
 */
final class Batches {
    private final FloatBuffer x, y, z;     // sources: (N, F), (N, L), (N, L) or null
    private final int f, l;                // floats per row of features and of labels
    private final long[] fullShape, lastShape; // (B, ...per-sample shape), e.g. (B, 4, 9, 9); [0] set per batch size
    private INDArray bx, by, bz;           // (B, 4, 9, 9) (any per-sample shape), (B, L), (B, L): current batch
    private INDArray fx, fy, fz;           // full-size set
    private INDArray tx, ty, tz;           // last-batch set

    Batches(TrainingData data, INDArray teacherLogits) {
        this.x = data.features().data().asNioFloat();
        this.y = data.labels().data().asNioFloat();
        this.z = teacherLogits == null ? null : teacherLogits.data().asNioFloat();
        this.f = data.rowLength();
        this.l = data.labelCount();
        this.fullShape = data.features().shape().clone();
        this.lastShape = fullShape.clone();
        if (teacherLogits != null && (teacherLogits.size(0) != data.size() || teacherLogits.size(1) != l)) {
            throw new IllegalArgumentException("teacherLogits: expected (" + data.size() + ", " + l + ") like the labels, got ("
                    + teacherLogits.size(0) + ", " + teacherLogits.size(1) + ")");
        }
    }

    /** Fills the batch buffers with rows {@code order[from .. from + count)}. */
    void gather(int[] order, int from, int count, int fullSize) {
        boolean full = count == fullSize;
        if (full) {
            fullShape[0] = count;
            fx = Buffers.ensure(fx, DataType.FLOAT, fullShape);
            fy = Buffers.ensure(fy, DataType.FLOAT, count, l);
            fz = z == null ? null : Buffers.ensure(fz, DataType.FLOAT, count, l);
            bx = fx;
            by = fy;
            bz = fz;
        } else {
            lastShape[0] = count;
            tx = Buffers.ensure(tx, DataType.FLOAT, lastShape);
            ty = Buffers.ensure(ty, DataType.FLOAT, count, l);
            tz = z == null ? null : Buffers.ensure(tz, DataType.FLOAT, count, l);
            bx = tx;
            by = ty;
            bz = tz;
        }
        FloatBuffer dx = bx.data().asNioFloat(), dy = by.data().asNioFloat();
        FloatBuffer dz = bz == null ? null : bz.data().asNioFloat();
        for (int i = 0; i < count; i++) {
            int r = order[from + i];
            dx.put(i * f, x, r * f, f);
            dy.put(i * l, y, r * l, l);
            if (dz != null) {
                dz.put(i * l, z, r * l, l);
            }
        }
    }

    INDArray x() {
        return bx;
    }

    INDArray y() {
        return by;
    }

    /** The teacher logits of the batch, or null when not distilling. */
    INDArray z() {
        return bz;
    }
}
