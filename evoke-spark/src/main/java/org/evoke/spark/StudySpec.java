package org.evoke.spark;

import org.evoke.study.CrossValidation;
import org.evoke.study.StudyConfig;
import org.evoke.study.StudyData;
import org.evoke.study.TableOneModels;
import org.evoke.eeg.cache.FeatureSet;
import org.evoke.eeg.features.FeatureKind;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything an executor needs to rebuild the driver's {@link CrossValidation}: the features as safetensors bytes
 * ({@link FeatureSet#save}), the configuration, and which models the study trains. Shipped once per executor as a
 * Spark broadcast; each executor JVM decodes it once ({@link #crossValidation()} caches by {@link #id()}).
 *
 * @param id          unique per study run (the executor-side cache key)
 * @param features    the feature set's safetensors file, as bytes
 * @param kind        the feature kind (the contenders' input layer depends on it)
 * @param config      the study's configuration (split, folds, seeds, budgets, T, alpha)
 * @param teacher     whether the CCNN teacher is trained (and the students distilled from it)
 * @param students    whether the EVOKE student is trained
 * @param contenders  other Table I models by name ({@link TableOneModels}): arjunvit, vit
 * @param threads     threads each task's kernels use ({@code spark.task.cpus})
 */
public record StudySpec(String id, byte[] features, FeatureKind kind, StudyConfig config, boolean teacher, boolean students,
                        List<String> contenders, int threads) implements Serializable {

    private static final Map<String, CrossValidation> BUILT = new java.util.HashMap<>();

    /** A spec for {@code set}, with a fresh id. */
    public static StudySpec of(FeatureSet set, FeatureKind kind, StudyConfig config, boolean teacher, boolean students,
                               List<String> contenders, int threads) {
        return new StudySpec(UUID.randomUUID().toString(), Bytes.of(set::save), kind, config, teacher, students, List.copyOf(contenders),
                threads);
    }

    /** The feature set, decoded from the bytes. */
    public FeatureSet featureSet() {
        return Bytes.read(features, FeatureSet::load);
    }

    /** A new cross-validation over this spec's study, as the driver builds it. */
    public CrossValidation newCrossValidation() {
        FeatureSet set = featureSet();
        int bands = kind.onGrid() ? (int) set.features().size(1) : 0;
        List<CrossValidation.Contender> others = contenders.stream()
                .map(m -> new CrossValidation.Contender(m, TableOneModels.factory(m, kind, bands))).toList();
        return new CrossValidation(StudyData.of(set), config).models(teacher, students, others);
    }

    /**
     * This JVM's cross-validation for the spec, built on first use (executors keep their teachers in it). Only the
     * latest spec's is kept: a run's protocols and features come one after the other.
     */
    public CrossValidation crossValidation() {
        synchronized (BUILT) {
            CrossValidation cv = BUILT.get(id);
            if (cv == null) {
                BUILT.clear();
                cv = newCrossValidation();
                BUILT.put(id, cv);
            }
            return cv;
        }
    }

    /** Forgets this JVM's cross-validation of the spec. */
    public void release() {
        synchronized (BUILT) {
            BUILT.remove(id);
        }
    }
}
