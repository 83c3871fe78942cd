package org.evoke.distill.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a run keeps its checkpoints and what provenance they carry.
 *
 * <p>With a directory, after every epoch the trainer writes {@code last.safetensors} (a full {@link Checkpoint}),
 * and whenever the validation loss improves {@code best.safetensors} (the model's weights alone, loadable with
 * {@code Model.load}, with the same provenance metadata). With {@code resume} and an existing
 * {@code last.safetensors}, the run continues after its epoch.
 *
 * @param directory  the checkpoint directory (created if missing), or null for no checkpoints
 * @param resume     continue from {@code directory/last.safetensors} when it exists
 * @param provenance extra metadata written into every file (split protocol, fold, feature preset, ...)
 */
public record CheckpointOptions(Path directory, boolean resume, Map<String, String> provenance) {
    /** No checkpoints. */
    public static final CheckpointOptions NONE = new CheckpointOptions(null, false, Map.of());

    public CheckpointOptions {
        provenance = Map.copyOf(provenance);
        if (resume && directory == null) {
            throw new IllegalArgumentException("resume needs a checkpoint directory");
        }
    }

    /** Checkpoints in {@code dir}, resuming from it when it holds one. */
    public static CheckpointOptions in(Path dir, Map<String, String> provenance) {
        return new CheckpointOptions(dir, true, provenance);
    }

    public Path last() {
        return directory.resolve("last.safetensors");
    }

    public Path best() {
        return directory.resolve("best.safetensors");
    }
}
