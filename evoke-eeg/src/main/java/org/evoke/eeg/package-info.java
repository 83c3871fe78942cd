/**
 * The EEG side of EVOKE: reading DEAP, EDF/BDF recordings and Lab Streaming Layer streams, any montage onto the 9x9
 * electrode grid, resampling, filtering, features on the grid, labels, splits, emotions and avatars.
 */
package org.evoke.eeg;
