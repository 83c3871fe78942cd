package org.evoke.nn.models;

import org.evoke.nn.layers.ClassTokenPool;
import org.evoke.nn.layers.ElectrodeGather;
import org.evoke.nn.layers.LayerNorm;
import org.evoke.nn.layers.PatchEmbedding;
import org.evoke.nn.layers.TransformerBlock;

import org.evoke.tensor.blas.BlasCore;
import org.evoke.nn.Model;
import org.evoke.nn.Sequential;
import org.evoke.nn.layers.Conv2d;
import org.evoke.nn.layers.Dropout;
import org.evoke.nn.layers.Flatten;
import org.evoke.nn.layers.Linear;
import org.evoke.nn.layers.Padding;
import org.evoke.nn.layers.ReLU;
import org.evoke.nn.layers.SELU;

import org.evoke.tensor.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The two networks of the EVOKE paper, exactly as docs/design.md, section 3 gives them. Input (N, 4, 9, 9): four
 * frequency bands on the 9x9 electrode grid; output (N, 3) logits for valence, arousal and dominance.
 */
public final class Models {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    /** The teacher's dropout probability (torcheeg's CCNN). */
    public static final double CCNN_DROPOUT = 0.5;
    private static final long[] INPUT = {4, 9, 9};

    private Models() {
    }

    /**
     * The teacher, CCNN (Yang et al. 2018, torcheeg's layout): four 4x4 convolutions 4-64-128-256-64 with ReLU,
     * flatten, lin1 5184-1024 with SELU and dropout 0.5, lin2 1024-3. 6,234,627 parameters, 12 layers.
     */
    public static Model ccnn(long seed) {
        return ccnn(seed, CCNN_DROPOUT);
    }

    /** The teacher with another dropout probability (0 turns it off). */
    public static Model ccnn(long seed, double dropout) {
        Sequential net = new Sequential("ccnn",
                new Conv2d("conv1", 4, 64, 4, 1, Padding.SAME_4), new ReLU("relu1"),
                new Conv2d("conv2", 64, 128, 4, 1, Padding.SAME_4), new ReLU("relu2"),
                new Conv2d("conv3", 128, 256, 4, 1, Padding.SAME_4), new ReLU("relu3"),
                new Conv2d("conv4", 256, 64, 4, 1, Padding.SAME_4), new ReLU("relu4"),
                Flatten.inline("flatten"),
                new Linear("lin1", 64 * 9 * 9, 1024), new SELU("selu"), new Dropout("dropout", dropout, dropoutSeed(seed)),
                new Linear("lin2", 1024, 3));
        net.initialize(new SplittableRandom(seed));
        return new Model("ccnn", net, INPUT, seed, Map.of("dropout", Double.toString(dropout)));
    }

    /**
     * The EVOKE student, 18x smaller: conv1 4-64 and conv2 64-16 (4x4, ReLU), flatten, fc1 1296-256 with ReLU,
     * fc2 256-3. 353,363 parameters, 8 layers.
     */
    public static Model evokeStudent(long seed) {
        Sequential net = new Sequential("evoke-student",
                new Conv2d("conv1", 4, 64, 4, 1, Padding.SAME_4), new ReLU("relu1"),
                new Conv2d("conv2", 64, 16, 4, 1, Padding.SAME_4), new ReLU("relu2"),
                Flatten.module("flatten"),
                new Linear("fc1", 16 * 9 * 9, 256), new ReLU("relu3"),
                new Linear("fc2", 256, 3));
        net.initialize(new SplittableRandom(seed));
        return new Model("evoke-student", net, INPUT, seed);
    }

    /** Arjun ViT's input per sample: raw EEG windows of 32 channels x 128 samples (z-scored per window and channel). */
    public static final long[] RAW_INPUT = {32, 128};

    /**
     * Arjun ViT, torcheeg's {@code ArjunViT} with its defaults (num_electrodes 32, chunk_size 128, t_patch_size 32, hid
     * 32, depth 3, heads 4, head_channels 64, mlp 64, pool 'cls', dropouts 0) and {@code classes} outputs. Input (N, 32,
     * 128) raw EEG windows; parameters under torcheeg's state_dict names, so its weights load unchanged.
     */
    public static Model arjunVit(long seed, int classes) {
        return arjunVit("arjun-vit", seed, classes, 32, 128, 32, null, RAW_INPUT, Map.of("classes", Integer.toString(classes)));
    }

    /**
     * Arjun ViT on band features (DE or PSD) on the 9x9 grid: the 32 electrodes are read out of the grid
     * ({@link ElectrodeGather}, {@code cells} = row * 9 + column of each electrode in channel order) into (32, B) rows,
     * and the B bands take the place of time: torcheeg's {@code ArjunViT(num_electrodes=32, chunk_size=B,
     * t_patch_size=1)}, one token per band holding every electrode's feature, as torcheeg's own DE variant of its ViT
     * cuts one band per patch ({@code t_patch_size=1}). Input (N, B, 9, 9); the parameter names are torcheeg's, so
     * the state_dict of that ArjunViT loads unchanged.
     */
    public static Model arjunVitOnBands(long seed, int classes, int[] cells, int bands) {
        if (cells.length != 32) {
            throw new IllegalArgumentException("Arjun ViT on bands: expected the 32 electrodes' cells, got " + cells.length);
        }
        return arjunVit("arjun-vit-bands", seed, classes, 32, bands, 1, new ElectrodeGather("electrodes", cells, 9, 9),
                new long[] {bands, 9, 9}, Map.of("classes", Integer.toString(classes), "bands", Integer.toString(bands),
                        "cells", Arrays.stream(cells).mapToObj(Integer::toString).collect(Collectors.joining(","))));
    }

    private static Model arjunVit(String name, long seed, int classes, int electrodes, int chunk, int patch,
                                  ElectrodeGather gather, long[] input, Map<String, String> architecture) {
        int hid = 32, depth = 3;
        java.util.List<org.evoke.nn.Layer> layers = new java.util.ArrayList<>();
        if (gather != null) {
            layers.add(gather);
        }
        layers.add(new PatchEmbedding("to_patch_embedding", electrodes, chunk, patch, hid, 0.0, dropoutSeed(seed)));
        for (int i = 0; i < depth; i++) {
            layers.add(new TransformerBlock("transformer.layers." + i, hid, 4, 64, 64, 0.0, dropoutSeed(seed) + i + 1));
        }
        layers.add(new ClassTokenPool("pool"));
        layers.add(new LayerNorm("mlp_head.0", hid));
        layers.add(new Linear("mlp_head.1", hid, classes));
        Sequential net = new Sequential(name, layers.toArray(new org.evoke.nn.Layer[0]));
        net.initialize(new SplittableRandom(seed));
        return new Model(name, net, input, seed, architecture);
    }

    /**
     * A vision transformer on images (B, C, H, W): a p x p stride-p patch convolution, class token and position
     * embedding, {@code depth} pre-norm blocks (attention with a qkv bias, softmax as a function, MLP with GELU), a
     * final LayerNorm over every token, the class token, and a linear head. {@link #vitB16} is the ImageNet ViT-B/16
     * whose counts the paper's Table I gives.
     */
    public static Model visionTransformer(long seed, int channels, int image, int patch, int dim, int depth, int heads, int mlp,
                                          int classes) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("vision transformer: dim " + dim + " must be a multiple of heads " + heads);
        }
        java.util.List<org.evoke.nn.Layer> layers = new java.util.ArrayList<>();
        layers.add(new org.evoke.nn.layers.ConvPatchEmbedding("patch_embed", channels, image, image, patch, dim));
        for (int i = 0; i < depth; i++) {
            layers.add(new TransformerBlock("transformer.layers." + i, dim, heads, dim / heads, mlp, 0.0, dropoutSeed(seed) + i + 1,
                    true, false));
        }
        layers.add(new LayerNorm("norm", dim));
        layers.add(new ClassTokenPool("pool"));
        layers.add(new Linear("head", dim, classes));
        Sequential net = new Sequential("vit", layers.toArray(new org.evoke.nn.Layer[0]));
        net.initialize(new SplittableRandom(seed));
        Map<String, String> arch = new LinkedHashMap<>();
        int[] values = {channels, image, patch, dim, depth, heads, mlp, classes};
        String[] keys = {"channels", "image", "patch", "dim", "depth", "heads", "mlp", "classes"};
        for (int i = 0; i < keys.length; i++) {
            arch.put(keys[i], Integer.toString(values[i]));
        }
        return new Model("vit", net, new long[] {channels, image, image}, seed, arch);
    }

    /**
     * torcheeg's {@code ViT} on the DE grid, as its docstring's DE variant: {@code ViT(chunk_size=4, grid_size=(9, 9),
     * t_patch_size=1)} with the other defaults (s_patch_size (3, 3), hid 32, depth 3, heads 4, head_channels 64,
     * mlp 64, pool 'cls'): 36 patch tokens and the class token. Input (N, 4, 9, 9); torcheeg's parameter names.
     */
    public static Model torcheegVit(long seed, int classes) {
        int hid = 32;
        java.util.List<org.evoke.nn.Layer> layers = new java.util.ArrayList<>();
        layers.add(new org.evoke.nn.layers.GridPatchEmbedding("to_patch_embedding", 4, 9, 9, 1, 3, 3, hid, 0.0, dropoutSeed(seed)));
        for (int i = 0; i < 3; i++) {
            layers.add(new TransformerBlock("transformer.layers." + i, hid, 4, 64, 64, 0.0, dropoutSeed(seed) + i + 1));
        }
        layers.add(new ClassTokenPool("pool"));
        layers.add(new LayerNorm("mlp_head.0", hid));
        layers.add(new Linear("mlp_head.1", hid, classes));
        Sequential net = new Sequential("vit-small", layers.toArray(new org.evoke.nn.Layer[0]));
        net.initialize(new SplittableRandom(seed));
        return new Model("vit-small", net, INPUT, seed, Map.of("classes", Integer.toString(classes)));
    }

    /** ViT-B/16 at 3 x 224 x 224: 12 blocks of dim 768, 12 heads, MLP 3072 (85.6M parameters; the paper's ViT row). */
    public static Model vitB16(long seed, int classes) {
        return visionTransformer(seed, 3, 224, 16, 768, 12, 12, 3072, classes);
    }

    /**
     * Builds a model by name, 3 outputs, fresh weights: {@code ccnn} (or {@code teacher}), {@code student} (or
     * {@code evoke-student}), {@code arjunvit} (or {@code arjun-vit}; raw EEG input) or {@code vit} (or
     * {@code vit-small}: torcheeg's ViT on the DE grid). These are the names of {@code evoke run --models}; a saved
     * model's own name, with its architecture, is read back by {@link #load(Path)}.
     */
    public static Model byName(String name, long seed) {
        return switch (name) {
            case "ccnn", "teacher" -> ccnn(seed);
            case "student", "evoke-student" -> evokeStudent(seed);
            case "arjunvit", "arjun-vit" -> arjunVit(seed, 3);
            case "vit", "vit-small" -> torcheegVit(seed, 3);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; expected ccnn, student, arjunvit or vit");
        };
    }

    /**
     * Rebuilds the model that {@link Model#save} wrote and loads its weights: the architecture comes from the file's
     * metadata ({@code model}, {@code seed}, {@code arch.*}), so every model saved by this library loads back with
     * the same logits. {@code model} may be a model's own name or the name {@code evoke run --models} gives it
     * ({@code student}, {@code arjunvit}, {@code arjunvit-bands}, {@code vit} for torcheeg's small ViT). A file without {@code model} metadata (PyTorch's, say) is taken as the EVOKE student, the
     * network whose weights people exchange; its names and shapes must then fit it.
     *
     * @throws IllegalArgumentException with one line when the file is missing, names an unknown model, or its
     *                                  tensors do not fit the model it names
     */
    public static Model load(Path weights) {
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(weights + " is not a file; expected model weights (.safetensors)");
        }
        SafeTensors.Contents c = SafeTensors.read(weights);
        return load(c.metadata(), c.tensors(), weights.toString());
    }

    /** As {@link #load(Path)}, from a file's metadata and tensors already read; {@code source} names it in messages. */
    public static Model load(Map<String, String> metadata, Map<String, INDArray> tensors, String source) {
        Model m = build(metadata, source);
        m.load(tensors, source);
        return m;
    }

    /** The architecture a file's metadata names, with fresh weights (its seed). */
    public static Model build(Map<String, String> metadata, String source) {
        String name = metadata.getOrDefault("model", "evoke-student");
        long seed = parseLong(metadata.getOrDefault("seed", "0"), "seed", source);
        return switch (name) {
            case "ccnn", "teacher" -> ccnn(seed, parseDouble(metadata.getOrDefault("arch.dropout",
                    Double.toString(CCNN_DROPOUT)), "arch.dropout", source));
            case "evoke-student", "student" -> evokeStudent(seed);
            case "arjun-vit", "arjunvit" -> arjunVit(seed, arch(metadata, "classes", "3", source));
            case "vit-small" -> torcheegVit(seed, arch(metadata, "classes", "3", source));
            case "arjun-vit-bands", "arjunvit-bands" -> {
                String cells = metadata.get("arch.cells");
                if (cells == null) {
                    throw new IllegalArgumentException(source + " holds an Arjun ViT on band features but not the grid"
                            + " cells of its electrodes (arch.cells); build it with Models.arjunVitOnBands and load the file into it");
                }
                int[] c;
                try {
                    c = Arrays.stream(cells.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(source + ": arch.cells is not a list of integers: " + cells);
                }
                yield arjunVitOnBands(seed, arch(metadata, "classes", "3", source), c, arch(metadata, "bands", "4", source));
            }
            case "vit" -> {
                if (!metadata.containsKey("arch.channels")) { // evoke run's name of torcheeg's small ViT (--models vit)
                    yield torcheegVit(seed, arch(metadata, "classes", "3", source));
                }
                String[] keys = {"channels", "image", "patch", "dim", "depth", "heads", "mlp", "classes"};
                int[] v = new int[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    if (!metadata.containsKey("arch." + keys[i])) {
                        throw new IllegalArgumentException(source + " holds a vision transformer but not its arch." + keys[i]
                                + "; build it with Models.visionTransformer and load the file into it");
                    }
                    v[i] = arch(metadata, keys[i], null, source);
                }
                yield visionTransformer(seed, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            }
            default -> throw new IllegalArgumentException(source + " names model '" + name + "' in its metadata; evoke"
                    + " builds ccnn, evoke-student, arjun-vit, arjun-vit-bands, vit-small and vit");
        };
    }

    private static int arch(Map<String, String> metadata, String key, String fallback, String source) {
        String v = metadata.getOrDefault("arch." + key, fallback);
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1 || n > 1 << 20) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": arch." + key + " must be a positive integer, got '" + v + "'");
        }
    }

    private static long parseLong(String v, String key, String source) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + key + " must be an integer, got '" + v + "'");
        }
    }

    private static double parseDouble(String v, String key, String source) {
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= 0 && d < 1)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + key + " must be a probability in [0, 1), got '" + v + "'");
        }
    }

    private static long dropoutSeed(long seed) {
        return seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }
}
