/**
 * The study on Apache Spark ({@code evoke run --spark MASTER}): {@link org.evoke.spark.SparkStudy} runs a
 * cross-validation's teachers, then its students, contenders and sweep points, as Spark tasks with our own trainer,
 * and gives the results back to the driver's {@link org.evoke.study.CrossValidation}, which assembles the same
 * comparison and sweep as a run on one machine. {@link org.evoke.spark.StudySpec} is what executors rebuild the study
 * from. Spark stays out of evoke-tensor, evoke-nn, evoke-eeg and evoke-distill.
 */
package org.evoke.spark;
