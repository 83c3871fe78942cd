package org.evoke.distill.train;

import org.evoke.eeg.cache.FeatureSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The windows a model is trained and evaluated on: features and hard labels, indexed by row. Folds and splits are
 * index sets into these rows, so one copy of the data serves every fold.
 *
 * @param features (N, ...) float32, C-ordered, not a view (a view is copied once by {@link #of}): (N, 4, 9, 9) grid
 *                 features, or (N, 32, 128) raw windows for Arjun ViT; the model's input shape per sample
 * @param labels   (N, 3) float32 in {0, 1}
 * @param dataHash identifies the data in checkpoints and reports (the feature set's hash, or SHA-256 of the arrays)
 */
public record TrainingData(INDArray features, INDArray labels, String dataHash) {

    public TrainingData {
        if (features.rank() < 2 || features.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("features: expected (N, ...) float32 such as (N, 4, 9, 9), got " + features.dataType() + " "
                    + Arrays.toString(features.shape()));
        }
        if (labels.rank() != 2 || labels.size(0) != features.size(0) || labels.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("labels: expected (" + features.size(0) + ", L) float32 like the features, got "
                    + labels.dataType() + " " + Arrays.toString(labels.shape()));
        }
        if (!plain(features) || !plain(labels)) {
            throw new IllegalArgumentException("features and labels must be C-ordered arrays that are not views; use TrainingData.of");
        }
    }

    /** Wraps arrays (copied once when a view or not C-ordered, converted to float32), hashing them for provenance. */
    public static TrainingData of(INDArray features, INDArray labels) {
        INDArray x = prepare(features), y = prepare(labels);
        return new TrainingData(x, y, hash(x, y));
    }

    /** The windows of a feature set, under its data hash. */
    public static TrainingData of(FeatureSet set) {
        return new TrainingData(prepare(set.features()), prepare(set.labels()), set.dataHash());
    }

    /** Number of rows N. */
    public int size() {
        return (int) features.size(0);
    }

    /** Floats per row of the features (4 * 9 * 9 = 324 for the grid). */
    public int rowLength() {
        return (int) (features.length() / Math.max(1, features.size(0)));
    }

    /** The shape of one row, e.g. (4, 9, 9). */
    public long[] rowShape() {
        long[] s = features.shape();
        return java.util.Arrays.copyOfRange(s, 1, s.length);
    }

    public int labelCount() {
        return (int) labels.size(1);
    }

    /** Checks that every index in {@code rows} is a row of this data. */
    public void requireRows(int[] rows, String what) {
        int n = size();
        for (int r : rows) {
            if (r < 0 || r >= n) {
                throw new IllegalArgumentException(what + " contains row " + r + "; expected rows in 0.." + (n - 1));
            }
        }
    }

    /** SHA-256 (hex) over the shapes and the float32 contents of features and labels. */
    public static String hash(INDArray features, INDArray labels) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (INDArray a : new INDArray[] {features, labels}) {
                md.update(Arrays.toString(a.shape()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                FloatBuffer fb = prepare(a).data().asNioFloat();
                ByteBuffer bytes = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
                long n = a.length();
                for (long i = 0; i < n; ) {
                    bytes.clear();
                    int m = (int) Math.min(4096, n - i);
                    for (int k = 0; k < m; k++) {
                        bytes.putFloat(fb.get((int) (i + k)));
                    }
                    md.update(bytes.array(), 0, 4 * m);
                    i += m;
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static INDArray prepare(INDArray a) {
        INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        return plain(f) ? f : f.dup('c');
    }

    static boolean plain(INDArray a) {
        return !a.isView() && a.offset() == 0 && a.ordering() == 'c';
    }
}
