package org.evoke.tensor;

import org.evoke.tensor.blas.BlasCore;
import org.evoke.tensor.blas.NativeBlas;
import org.evoke.tensor.tile.RowMath;
import org.evoke.tensor.tile.ScalarRowMath;
import org.evoke.tensor.tile.ScalarTiles;
import org.evoke.tensor.tile.ScalarWinograd;
import org.evoke.tensor.tile.Tiles;
import org.evoke.tensor.tile.WinogradTransforms;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Which kernels the layers run on, chosen once per JVM and logged once (slf4j, INFO):
 * <ul>
 * <li>{@link Path#VECTOR}: direct convolution and register-blocked matrix products on the Java Vector API
 *     ({@link Tiles}, {@link org.evoke.tensor.conv.DirectConv}, {@link org.evoke.tensor.dense.DenseKernels}), weights
 *     packed once per change, both cores ({@link Parallel}). Needs the CPU backend and a runtime started with
 *     {@code --add-modules jdk.incubator.vector} (Java 17 or later). The kernels come in three vector widths, 512, 256 and 128 bits (AVX-512; AVX2; NEON or
 *     SSE), each with its own register blocking; the widest that the running JIT prefers
 *     ({@code FloatVector.SPECIES_PREFERRED}) is taken, and {@code -Devoke.vector.bits=256} or {@code 128} forces a
 *     narrower one. All widths give the same numbers bit for bit.</li>
 * <li>{@link Path#BLAS}: im2col plus OpenBLAS's gemm called directly, Java loops on the arrays' native memory:
 *     the path before the Vector API kernels, taken on the CPU backend when the Vector API is missing.</li>
 * <li>{@link Path#ND4J}: ND4J operations only (gemm, ND4J's im2col/col2im, transforms), no raw memory access:
 *     the path for a non-CPU backend (CUDA), where an array's memory may live on the device.</li>
 * </ul>
 * The system property {@code evoke.kernels} = {@code auto} (the default: the first of the three that this
 * runtime supports), {@code vector}, {@code blas} or {@code nd4j} forces one (a forced path that cannot run falls
 * back, and the log says why); tests use it to run every golden check on each path. Double-precision arrays
 * (gradient checks) always take the BLAS path on the CPU backend: the Vector API kernels are float-only.
 */
public final class Kernels {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    /** The three kernel families. */
    public enum Path { VECTOR, BLAS, ND4J }

    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** The vector widths that have kernels, widest first. */
    public static final int[] WIDTHS = {512, 256, 128};

    private static final Path PATH;
    private static final int BITS;
    private static final int PREFERRED_BITS;
    private static final Tiles TILES;
    private static final WinogradTransforms WINOGRAD;
    private static final RowMath ROW_MATH;
    private static final String DESCRIPTION;

    static {
        String wanted = System.getProperty("evoke.kernels", "auto").trim().toLowerCase(Locale.ROOT);
        boolean cpu = Nd4j.getBackend().getClass().getName().contains("Cpu");
        Tiles tiles = null;
        WinogradTransforms winograd = null;
        RowMath rowMath = ScalarRowMath.INSTANCE;
        int bits = 0, preferredBits = 0;
        String why;
        Path path;
        if (!wanted.equals("auto") && !wanted.equals("vector") && !wanted.equals("blas") && !wanted.equals("nd4j")) {
            throw new IllegalArgumentException("evoke.kernels must be auto, vector, blas or nd4j; got '" + wanted + "'");
        }
        int forced = forcedBits();
        if (!cpu || wanted.equals("nd4j")) {
            path = Path.ND4J;
            why = cpu ? "forced by evoke.kernels=nd4j" : "backend " + Nd4j.getBackend().getClass().getSimpleName() + " is not the CPU backend";
        } else if (wanted.equals("blas")) {
            path = Path.BLAS;
            why = "forced by evoke.kernels=blas";
        } else {
            String missing = vectorUnavailable();
            String widthNote = "";
            if (missing == null) {
                try {
                    preferredBits = (int) Class.forName("org.evoke.tensor.tile.simd.VectorWidths").getMethod("preferredBits").invoke(null);
                    bits = widest(preferredBits);
                    if (bits == 0) {
                        missing = "the JIT's preferred vectors are " + preferredBits + "-bit, narrower than the narrowest kernels (128-bit)";
                    } else if (forced > bits) {
                        widthNote = ", evoke.vector.bits=" + forced + " is wider than this JIT's " + preferredBits + "-bit vectors";
                    } else if (forced > 0 && forced < bits) {
                        bits = forced;
                        widthNote = ", forced by evoke.vector.bits (the JIT prefers " + preferredBits + "-bit)";
                    }
                    if (missing == null) {
                        tiles = vectorTiles(bits);
                        winograd = vectorWinograd(bits);
                        missing = selfTest(tiles, winograd);
                        if (missing == null) {
                            rowMath = (RowMath) Class.forName("org.evoke.tensor.tile.simd.VectorRowMath").getConstructor().newInstance();
                            missing = selfTest(rowMath);
                        }
                    }
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    missing = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                }
            }
            if (missing == null) {
                path = Path.VECTOR;
                why = tiles.describe() + widthNote + ", " + Parallel.threads() + " threads";
            } else {
                tiles = null;
                winograd = null;
                rowMath = ScalarRowMath.INSTANCE;
                bits = 0;
                path = NativeBlas.available() ? Path.BLAS : Path.ND4J;
                why = "the Vector API kernels are off: " + missing;
            }
        }
        PATH = path;
        BITS = bits;
        PREFERRED_BITS = preferredBits;
        TILES = tiles;
        WINOGRAD = winograd;
        ROW_MATH = rowMath;
        DESCRIPTION = label(path) + " (" + why + ")";
        LOG.info("evoke kernels: {}", DESCRIPTION);
    }

    private Kernels() {
    }

    /** The path this JVM runs. */
    public static Path path() {
        return PATH;
    }

    /** True on the Vector API path. */
    public static boolean vector() {
        return PATH == Path.VECTOR;
    }

    /** True on the ND4J-ops-only path (non-CPU backends, or forced). */
    public static boolean portable() {
        return PATH == Path.ND4J;
    }

    /** The width of the Vector API kernels in use (512, 256 or 128 bits); 0 off the {@link Path#VECTOR} path. */
    public static int vectorBits() {
        return BITS;
    }

    /**
     * The width of the JIT's preferred float vectors ({@code FloatVector.SPECIES_PREFERRED}); 0 when the runtime has
     * no Vector API or another path was forced.
     */
    public static int preferredBits() {
        return PREFERRED_BITS;
    }

    /** The kernel widths this JIT compiles natively (at most {@link #preferredBits()}), widest first; tests sweep them. */
    public static int[] nativeWidths() {
        return java.util.Arrays.stream(WIDTHS).filter(w -> w <= PREFERRED_BITS).toArray();
    }

    /**
     * The Vector API tiles of one width, whatever this JVM runs (for tests and benchmarks that compare widths in one
     * run; a width wider than the JIT's vectors works but is emulated, and slow). Needs the Vector API module.
     */
    public static Tiles vectorTiles(int bits) {
        return (Tiles) simd("VectorTiles", bits);
    }

    /** The Vector API Winograd transforms of one width, as {@link #vectorTiles}. */
    public static WinogradTransforms vectorWinograd(int bits) {
        return (WinogradTransforms) simd("VectorWinograd", bits);
    }

    private static Object simd(String kind, int bits) {
        if (widest(bits) != bits) {
            throw new IllegalArgumentException("vector kernels come in 512, 256 and 128 bits, not " + bits);
        }
        try {
            return Class.forName("org.evoke.tensor.tile.simd." + kind + bits).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the " + bits + "-bit Vector API kernels cannot be loaded here: " + e, e);
        }
    }

    /** The widest kernel width that is at most {@code bits}; 0 when there is none. */
    private static int widest(int bits) {
        for (int w : WIDTHS) {
            if (w <= bits) {
                return w;
            }
        }
        return 0;
    }

    /** {@code -Devoke.vector.bits}: 0 when absent or auto, else 512, 256 or 128. */
    private static int forcedBits() {
        String v = System.getProperty("evoke.vector.bits", "auto").trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto") || v.isEmpty()) {
            return 0;
        }
        return switch (v) {
            case "512" -> 512;
            case "256" -> 256;
            case "128" -> 128;
            default -> throw new IllegalArgumentException("evoke.vector.bits must be auto, 512, 256 or 128; got '" + v + "'");
        };
    }

    /** The Vector API tiles; only on the {@link Path#VECTOR} path. */
    public static Tiles tiles() {
        if (TILES == null) {
            throw new IllegalStateException("the Vector API kernels are not in use: " + DESCRIPTION);
        }
        return TILES;
    }

    /** The Vector API Winograd transforms; only on the {@link Path#VECTOR} path. */
    public static WinogradTransforms winograd() {
        if (WINOGRAD == null) {
            throw new IllegalStateException("the Vector API kernels are not in use: " + DESCRIPTION);
        }
        return WINOGRAD;
    }

    /**
     * The elementwise math of softmax and GELU on heap rows: the Vector API version on the {@link Path#VECTOR} path,
     * else the scalar one; both give the same bits.
     */
    public static RowMath rowMath() {
        return ROW_MATH;
    }

    /**
     * One line for logs and report headers, e.g. "direct convolution on the Vector API (Vector API, 256-bit, 6x16
     * register tiles, 2 threads)".
     */
    public static String describe() {
        return DESCRIPTION;
    }

    private static String label(Path p) {
        return switch (p) {
            case VECTOR -> "direct convolution on the Vector API";
            case BLAS -> "im2col + OpenBLAS";
            case ND4J -> "ND4J operations only (portable)";
        };
    }

    /** Null when the Vector API can be used here, else why not, with what to do about it. */
    private static String vectorUnavailable() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return "the runtime was started without --add-modules " + VECTOR_MODULE + " (pass it to the java command for the fast path)";
        }
        return null;
    }

    /** Runs the vector row math on a spread of values and compares with the scalar reference; null when equal. */
    private static String selfTest(RowMath m) {
        float[] x = new float[67], want = new float[67], got = new float[67], g1 = new float[67], g2 = new float[67];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 33) * 0.37f;
            g1[i] = g2[i] = 1 + i * 0.01f;
        }
        System.arraycopy(x, 0, want, 0, x.length);
        System.arraycopy(x, 0, got, 0, x.length);
        ScalarRowMath.INSTANCE.gelu(want, 1, 66);
        m.gelu(got, 1, 66);
        ScalarRowMath.INSTANCE.geluBackward(x, 0, g1, 1, 66);
        m.geluBackward(x, 0, g2, 1, 66);
        float[] e1 = x.clone(), e2 = x.clone();
        ScalarRowMath.INSTANCE.softmax(e1, 2, 63, 0.3f);
        m.softmax(e2, 2, 63, 0.3f);
        return java.util.Arrays.equals(want, got) && java.util.Arrays.equals(g1, g2) && java.util.Arrays.equals(e1, e2) ? null
                : "the self-test of the Vector API row math disagreed with the scalar reference";
    }

    /** Runs each tile once on small numbers and compares with the scalar reference; null when they agree. */
    private static String selfTest(Tiles t, WinogradTransforms wt) {
        int k = 5;
        float[] a = new float[600], b = new float[k * Tiles.WIDE], want = new float[12 * Tiles.WIDE], got = new float[12 * Tiles.WIDE];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) - 3;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 5) - 2;
        }
        int[] rows = new int[12], ks = new int[k];
        for (int r = 0; r < 12; r++) {
            rows[r] = r * k;
        }
        for (int i = 0; i < k; i++) {
            ks[i] = i;
        }
        ScalarTiles.INSTANCE.tile6x64(a, rows, 0, ks, 0, k, b, 0, Tiles.WIDE, want, 0, Tiles.WIDE);
        t.tile6x64(a, rows, 0, ks, 0, k, b, 0, Tiles.WIDE, got, 0, Tiles.WIDE);
        ScalarTiles.INSTANCE.tile12x16(a, rows, 0, ks, 0, k, b, 0, Tiles.WIDE, want, 6 * Tiles.WIDE, Tiles.NARROW);
        t.tile12x16(a, rows, 0, ks, 0, k, b, 0, Tiles.WIDE, got, 6 * Tiles.WIDE, Tiles.NARROW);
        if (!java.util.Arrays.equals(want, got)) {
            return "the self-test of the Vector API tiles disagreed with the scalar reference";
        }
        float[] v1 = new float[36 * 16], v2 = new float[36 * 16], y1 = new float[9 * 16], y2 = new float[9 * 16];
        float[] s = new float[36 * 16];
        ScalarWinograd.INSTANCE.input(a, 0, 96, 16, v1, 0, 16, s);
        wt.input(a, 0, 96, 16, v2, 0, 16, s);
        ScalarWinograd.INSTANCE.output(v1, 0, 16, y1, 0, s);
        wt.output(v1, 0, 16, y2, 0, s);
        return java.util.Arrays.equals(v1, v2) && java.util.Arrays.equals(y1, y2) ? null
                : "the self-test of the Vector API Winograd transforms disagreed with the scalar reference";
    }
}
