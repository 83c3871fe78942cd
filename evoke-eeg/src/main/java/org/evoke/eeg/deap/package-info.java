/**
 * DEAP (Koelstra et al. 2012): the subject record, the reader of both preprocessed formats (Python pickle
 * {@code sXX.dat}, MATLAB {@code sXX.mat}, told apart by content), the writer of both, and datasets of subjects
 * read one at a time. NumPy arrays in pickles are handled by {@code NumpyPickle} on top of net.razorvine:pickle;
 * MAT-files by us.hebi.matlab.mat:mfl-core.
 */
package org.evoke.eeg.deap;
