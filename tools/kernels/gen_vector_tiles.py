#!/usr/bin/env python3
"""Writes the Vector API kernels of evoke-tensor, one class per vector width:

    VectorTiles512, VectorTiles256, VectorTiles128        (the Tiles micro-kernels)
    VectorWinograd512, VectorWinograd256, VectorWinograd128  (the Winograd F(3x3, 4x4) transforms)

The micro-kernels are one loop unrolled over the rows and vectors of a register tile: Java has no templates, and
the JIT keeps accumulators in registers only when each is its own local variable, and constant-folds a vector
species only when it is a static final field. This script writes that unrolling out, once per width, so that the
Java files are regenerated, not edited by hand:

    python3 tools/kernels/gen_vector_tiles.py

Needs only the Python standard library; the build does not run it.

Register blocking per width (the Tiles contract is fixed: 6 x 64, 12 x 16, 1 x 64 and 1 x 16 blocks of C):
  512-bit (AVX-512, 32 registers of 16 floats): 6 x 64 as 6 rows x 4 vectors (24 accumulators) and 12 x 16 as
           12 rows x 1 vector (12), each in one pass over the reduction.
  256-bit (AVX2, 16 registers of 8 floats): a 6 x 16 micro-tile, 6 rows x 2 vectors = 12 accumulators, 2 loads
           of B and 6 broadcasts per step (BLIS's Haswell kernel); 6 x 64 is four passes over column strips,
           12 x 16 two passes over row halves.
  128-bit (NEON, 32 registers of 4 floats): the same 6 x 16 micro-tile as 6 rows x 4 vectors = 24 accumulators,
           4 loads of B and 6 broadcasts per step.
Every element is summed with fused multiply-adds in k order, as ScalarTiles does, so all widths agree bit for bit.
"""
import pathlib

SIMD = pathlib.Path(__file__).resolve().parents[2] / "evoke-tensor/src/main/java/org/evoke/tensor/tile/simd"

WIDTHS = {
    512: dict(lanes=16, isa="AVX-512", regs=32),
    256: dict(lanes=8, isa="AVX2", regs=16),
    128: dict(lanes=4, isa="NEON or SSE", regs=32),
}


def kernel(name, rows, nv, lanes, single, public=True):
    """One register tile: rows x (nv * lanes) floats of C, the reduction loop over k, then the store."""
    out = ["    @Override"] if public else []
    rows_sig = "int rowOff" if single else "int[] rowOff, int r0"
    mod = "public" if public else "private static"
    out.append(f"    {mod} void {name}(float[] a, {rows_sig}, int[] kOff, int k0, int len, float[] b, int bOff, int ldb,")
    out.append("                         float[] c, int cOff" + (") {" if single else ", int ldc) {"))
    accs = [f"c{r}_{v}" for r in range(rows) for v in range(nv)]
    out.append("        FloatVector " + ", ".join(f"{x} = FloatVector.zero(S)" for x in accs) + ";")
    if single:
        out.append("        long a0 = BASE + 4L * rowOff;")
    else:
        for r in range(rows):
            out.append(f"        long a{r} = BASE + 4L * rowOff[r0 + {r}];")
    out.append("        for (int k = 0; k < len; k++) {")
    out.append("            int bk = bOff + k * ldb;")
    for v in range(nv):
        out.append(f"            FloatVector w{v} = FloatVector.fromArray(S, b, bk + {v * lanes});")
    out.append("            long ko = 4L * kOff[k0 + k];")
    for r in range(rows):
        out.append(f"            FloatVector x{r} = FloatVector.broadcast(S, U.getFloat(a, a{r} + ko));")
        out.append("            " + " ".join(f"c{r}_{v} = w{v}.fma(x{r}, c{r}_{v});" for v in range(nv)))
    out.append("        }")

    def at(r, v):
        if single:
            return f"cOff + {v * lanes}"
        return f"cOff + {r} * ldc + {v * lanes}" if r else f"cOff + {v * lanes}"

    for r in range(rows):
        out.append("        " + " ".join(f"c{r}_{v}.intoArray(c, {at(r, v)});" for v in range(nv)))
    out.append("    }")
    return "\n".join(out)


def passes(name, single_calls):
    """A Tiles method made of micro-tile passes (each a call that takes only arrays and ints: no vector crosses it)."""
    out = ["    @Override",
           f"    public void {name}(float[] a, int[] rowOff, int r0, int[] kOff, int k0, int len, float[] b, int bOff, int ldb,",
           "                         float[] c, int cOff, int ldc) {"]
    for call in single_calls:
        out.append(f"        {call}")
    out.append("    }")
    return "\n".join(out)


def tiles_class(bits):
    w = WIDTHS[bits]
    lanes = w["lanes"]
    cls = f"VectorTiles{bits}"
    if bits == 512:
        blocking = (" * Each tile keeps its whole block of C in registers (6 x 64: 24 vector accumulators; 12 x 16: 12), and per step\n"
                    " * of the reduction loads the columns of B once and broadcasts one element of A per row into fused multiply-adds.\n"
                    " * Measured on one core of an AMD EPYC (Zen 4): about 100 GFLOP/s for the 6 x 64 tile and 75 for the 12 x 16 one,\n"
                    " * on Java 17 and 25 alike.\n")
        body = [kernel("tile6x64", 6, 4, lanes, False), kernel("tile12x16", 12, 1, lanes, False)]
    else:
        nv = 16 // lanes
        blocking = (f" * The register file ({w['regs']} vector registers) holds a 6 x 16 block of C: 6 rows x {nv} vectors = {6 * nv}\n"
                    f" * accumulators, with {nv} loads of B and 6 broadcasts of A per step of the reduction. A 6 x 64 tile is four\n"
                    " * such passes over 16-column strips of B, a 12 x 16 tile two passes over its row halves; each pass is a call\n"
                    " * that takes only arrays and ints, so no vector is boxed across it.\n")
        body = [kernel("micro6x16", 6, nv, lanes, False, public=False),
                passes("tile6x64", ["micro6x16(a, rowOff, r0, kOff, k0, len, b, bOff, ldb, c, cOff, ldc);",
                                    "micro6x16(a, rowOff, r0, kOff, k0, len, b, bOff + 16, ldb, c, cOff + 16, ldc);",
                                    "micro6x16(a, rowOff, r0, kOff, k0, len, b, bOff + 32, ldb, c, cOff + 32, ldc);",
                                    "micro6x16(a, rowOff, r0, kOff, k0, len, b, bOff + 48, ldb, c, cOff + 48, ldc);"]),
                passes("tile12x16", ["micro6x16(a, rowOff, r0, kOff, k0, len, b, bOff, ldb, c, cOff, ldc);",
                                     "micro6x16(a, rowOff, r0 + 6, kOff, k0, len, b, bOff, ldb, c, cOff + 6 * ldc, ldc);"])]
    body += [kernel("tile1x64", 1, 64 // lanes, lanes, True), kernel("tile1x16", 1, 16 // lanes, lanes, True)]
    head = f'''package org.evoke.tensor.tile.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.evoke.tensor.tile.Tiles;
import sun.misc.Unsafe;

import java.lang.reflect.Field;

/**
 * The {{@link Tiles}} micro-kernels on the Java Vector API (jdk.incubator.vector), {bits}-bit vectors of {lanes} floats
 * ({w['isa']}).
{blocking} *
 * <p>A is read through {{@code sun.misc.Unsafe}}: its offsets come from tables, which the JIT cannot prove in
 * bounds, and a bounds check per broadcast costs a quarter of the speed. The callers check their tables against
 * the arrays when they build them ({{@code DirectConv}}, {{@code DenseKernels}}); B and C are read with the checked
 * {{@code fromArray}}, whose checks the JIT hoists out of the loop.
 *
 * <p>Habits that keep these fast on Java 17's JIT: accumulators start from {{@code FloatVector.zero(S)}}, not from a
 * static final zero vector (C2 boxes that: an allocation per vector, ten times slower); a tile only overwrites C
 * (an accumulating branch doubles the method, and then C1's profiling compile runs out of registers, which on Java
 * 17 left the method in C1's code, without intrinsics, sixty times slower).
 *
 * <p>Generated by {{@code tools/kernels/gen_vector_tiles.py}} (the same loop unrolled over rows and vectors, once per
 * width): edit the generator, not this file. Results equal {{@link org.evoke.tensor.tile.ScalarTiles}}'s bit for
 * bit: both sum each element with fused multiply-adds in the same order. {{@link org.evoke.tensor.Kernels}} loads
 * this class when the JIT's preferred vectors are {bits}-bit, or when {{@code -Devoke.vector.bits={bits}}} asks for it.
 */
public final class {cls} implements Tiles {{
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_{bits};
    private static final Unsafe U = unsafe();
    private static final long BASE = U.arrayBaseOffset(float[].class);

'''
    tail = f'''    @Override
    public void biasStore(float[] src, int sOff, float[] bias, int bOff, float[] dst, int dOff, int n, boolean relu) {{
        FloatVector zero = FloatVector.zero(S);
        int j = 0;
        for (; j + {lanes} <= n; j += {lanes}) {{
            FloatVector z = FloatVector.fromArray(S, src, sOff + j).add(FloatVector.fromArray(S, bias, bOff + j));
            if (relu) {{
                z = z.max(zero);
            }}
            z.intoArray(dst, dOff + j);
        }}
        for (; j < n; j++) {{ // a tail of fewer than {lanes}: the scalar form (max(z, 0) and the sign-bit form agree but on -0)
            float z = src[sOff + j] + bias[bOff + j];
            dst[dOff + j] = relu ? Float.intBitsToFloat(Float.floatToRawIntBits(z) & ~(Float.floatToRawIntBits(z) >> 31)) : z;
        }}
    }}

    @Override
    public String describe() {{
        return "Vector API, {bits}-bit, {'6x64 and 12x16' if bits == 512 else '6x16'} register tiles";
    }}

    private static Unsafe unsafe() {{
        try {{
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        }} catch (ReflectiveOperationException e) {{
            throw new ExceptionInInitializerError(e);
        }}
    }}
}}
'''
    return cls, head + "\n\n".join(body) + "\n\n" + tail


def winograd_class(bits):
    lanes = WIDTHS[bits]["lanes"]
    cls = f"VectorWinograd{bits}"
    groups = 16 // lanes
    if groups == 1:
        loop_doc = "one vector = the 16 channels"
    else:
        loop_doc = f"the 16 channels as {groups} vectors of {lanes}, one\n * after the other"
    text = f'''package org.evoke.tensor.tile.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.evoke.tensor.tile.WinogradTransforms;

/**
 * The Winograd F(3x3, 4x4) transforms on the Vector API, {bits}-bit vectors: {loop_doc}.
 * The same operations as {{@link org.evoke.tensor.tile.ScalarWinograd}}, lane by lane, so the results agree bit for
 * bit. Each pass keeps six vectors live (one column or row of the tile); the intermediate 6x6 goes through a small
 * array. Everything is in the two methods themselves: a vector passed to a helper that the JIT does not inline is
 * boxed.
 *
 * <p>Generated by {{@code tools/kernels/gen_vector_tiles.py}}: edit the generator, not this file.
 */
public final class {cls} implements WinogradTransforms {{
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_{bits};

    @Override
    public void input(float[] x, int xOff, int rowStride, int colStride, float[] v, int vOff, int ldv, float[] scratch) {{
        float[] t = scratch;
        FloatVector two = FloatVector.broadcast(S, 2f), four = FloatVector.broadcast(S, 4f);
        FloatVector minusFour = FloatVector.broadcast(S, -4f), minusFive = FloatVector.broadcast(S, -5f);
        for (int h = 0; h < 16; h += {lanes}) {{ // channels h .. h+{lanes - 1}
            for (int pass = 0; pass < 2; pass++) {{
                // pass 0: t[.][j] = B^T d[.][j] (columns of the input); pass 1: V[i][.] = B^T t[i][.] (rows of t)
                float[] src = pass == 0 ? x : t, dst = pass == 0 ? t : v;
                int step = pass == 0 ? rowStride : 16, outStep = pass == 0 ? 6 * 16 : ldv;
                for (int l = 0; l < 6; l++) {{
                    int at = (pass == 0 ? xOff + l * colStride : l * 6 * 16) + h;
                    int o = (pass == 0 ? l * 16 : vOff + l * 6 * ldv) + h;
                    FloatVector d0 = FloatVector.fromArray(S, src, at), d1 = FloatVector.fromArray(S, src, at + step),
                            d2 = FloatVector.fromArray(S, src, at + 2 * step), d3 = FloatVector.fromArray(S, src, at + 3 * step),
                            d4 = FloatVector.fromArray(S, src, at + 4 * step), d5 = FloatVector.fromArray(S, src, at + 5 * step);
                    d0.fma(four, d2.fma(minusFive, d4)).intoArray(dst, o);
                    d1.add(d2).fma(minusFour, d3.add(d4)).intoArray(dst, o + outStep);
                    d1.sub(d2).fma(four, d4.sub(d3)).intoArray(dst, o + 2 * outStep);
                    d3.sub(d1).fma(two, d4.sub(d2)).intoArray(dst, o + 3 * outStep);
                    d1.sub(d3).fma(two, d4.sub(d2)).intoArray(dst, o + 4 * outStep);
                    d1.fma(four, d3.fma(minusFive, d5)).intoArray(dst, o + 5 * outStep);
                }}
            }}
        }}
    }}

    @Override
    public void output(float[] m, int mOff, int ldm, float[] y, int yOff, float[] scratch) {{
        float[] t = scratch;
        FloatVector two = FloatVector.broadcast(S, 2f), four = FloatVector.broadcast(S, 4f);
        for (int h = 0; h < 16; h += {lanes}) {{ // channels h .. h+{lanes - 1}
            for (int pass = 0; pass < 2; pass++) {{
                // pass 0: t[.][j] = A^T M[.][j] for the six columns; pass 1: Y[i][.] = A^T t[i][.] for the three rows
                float[] src = pass == 0 ? m : t, dst = pass == 0 ? t : y;
                int step = pass == 0 ? 6 * ldm : 16, outStep = pass == 0 ? 6 * 16 : 16, lines = pass == 0 ? 6 : 3;
                for (int l = 0; l < lines; l++) {{
                    int at = (pass == 0 ? mOff + l * ldm : l * 6 * 16) + h;
                    int o = (pass == 0 ? l * 16 : yOff + l * 3 * 16) + h;
                    FloatVector m0 = FloatVector.fromArray(S, src, at), m1 = FloatVector.fromArray(S, src, at + step),
                            m2 = FloatVector.fromArray(S, src, at + 2 * step), m3 = FloatVector.fromArray(S, src, at + 3 * step),
                            m4 = FloatVector.fromArray(S, src, at + 4 * step), m5 = FloatVector.fromArray(S, src, at + 5 * step);
                    FloatVector s12 = m1.add(m2), d12 = m1.sub(m2), s34 = m3.add(m4), d34 = m3.sub(m4);
                    m0.add(s12).add(s34).intoArray(dst, o);
                    d34.fma(two, d12).intoArray(dst, o + outStep);
                    s34.fma(four, s12).add(m5).intoArray(dst, o + 2 * outStep);
                }}
            }}
        }}
    }}
}}
'''
    return cls, text


if __name__ == "__main__":
    for bits in WIDTHS:
        for make in (tiles_class, winograd_class):
            cls, text = make(bits)
            path = SIMD / f"{cls}.java"
            path.write_text(text)
            print("wrote", path)
