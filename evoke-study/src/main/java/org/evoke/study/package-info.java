/**
 * evoke-study: cross-validated studies over EEG feature sets, the paper's three-way comparison (teacher, distilled student,
 * student from scratch with the same budget) on the same folds, the temperature/alpha sweep (the paper's Fig. 4),
 * results as plain records that serialise to JSON, Markdown tables and XChart plots.
 */
package org.evoke.study;
