/**
 * Cross-validation splits over feature windows, as index sets the trainer consumes: window-level k-fold (the
 * paper's, which leaks neighbouring seconds of one trial across the split), trial-level k-fold (every window of one
 * (subject, trial) on the same side) and leave-one-subject-out. All seeded.
 */
package org.evoke.eeg.split;
