/**
 * The EEG side of EVOKE: reading DEAP, filtering, features on the 9x9 electrode grid, labels, splits, emotions and avatars.
 */
package org.evoke.eeg;
