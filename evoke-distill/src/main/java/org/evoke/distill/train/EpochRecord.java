package org.evoke.distill.train;

import java.util.Map;

/**
 * One epoch of a run, for learning curves and reports.
 *
 * @param epoch           1-based epoch number
 * @param trainLoss       mean loss of the run's objective over the epoch's batches, weighted by batch size
 * @param trainMetrics    metrics of the logits seen during the epoch (training mode, weights changing batch by batch:
 *                        the usual "running" training accuracy, not a separate evaluation pass)
 * @param validationLoss  BCE on the hard labels of the validation rows after the epoch, or null without validation
 * @param validationMetrics metrics on the validation rows, or null without validation
 * @param best            whether this epoch has the lowest validation loss so far (its weights are the kept ones)
 * @param seconds         wall time of the epoch (not part of the reproducible result)
 */
public record EpochRecord(int epoch, double trainLoss, Map<String, Double> trainMetrics, Double validationLoss,
                          Map<String, Double> validationMetrics, boolean best, double seconds) implements java.io.Serializable {
}
