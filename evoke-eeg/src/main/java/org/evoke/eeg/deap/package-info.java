/**
 * DEAP (Koelstra et al. 2012): the subject record, the readers of both preprocessed formats (Python pickle
 * {@code sXX.dat}, MATLAB {@code sXX.mat}) and datasets of subjects.
 */
package org.evoke.eeg.deap;
