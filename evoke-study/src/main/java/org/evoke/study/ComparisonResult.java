package org.evoke.study;

import org.evoke.distill.train.TrainingConfig;

import java.util.List;
import java.util.Map;

/**
 * The paper's three-way comparison on one set of folds: teacher, distilled student, student from scratch.
 *
 * @param protocol  the split protocol ({@code window}, {@code trial}, {@code subject})
 * @param k         number of folds
 * @param splitSeed the folds' seed
 * @param modelSeed the models' seed
 * @param temperature T of the distilled student
 * @param alpha     alpha of the distilled student
 * @param teacherConfig the teacher's budget
 * @param studentConfig both students' budget
 * @param dataHash  the data's hash
 * @param folds     per-fold results
 * @param summary   per role, per metric: mean and spread over folds x replicates (metrics of
 *                  {@code MultiLabelMetrics.asMap()} plus {@code loss}, the held-out BCE; {@code mean_accuracy} is the
 *                  paper's "accuracy"); the teacher's over folds
 * @param seeds     student replicates per fold
 * @param paired    paired comparisons of the three models (distilled - scratch, teacher - distilled, teacher -
 *                  scratch) on accuracy and macro F1, over folds x replicates
 */
public record ComparisonResult(String protocol, int k, long splitSeed, long modelSeed, double temperature, double alpha,
                               TrainingConfig teacherConfig, TrainingConfig studentConfig, String dataHash,
                               List<FoldResult> folds, Map<String, Map<String, Stat>> summary, int seeds,
                               List<Paired> paired) {

    /** One replicate, no paired comparisons. */
    public ComparisonResult(String protocol, int k, long splitSeed, long modelSeed, double temperature, double alpha,
                            TrainingConfig teacherConfig, TrainingConfig studentConfig, String dataHash,
                            List<FoldResult> folds, Map<String, Map<String, Stat>> summary) {
        this(protocol, k, splitSeed, modelSeed, temperature, alpha, teacherConfig, studentConfig, dataHash, folds, summary, 1, List.of());
    }
}
