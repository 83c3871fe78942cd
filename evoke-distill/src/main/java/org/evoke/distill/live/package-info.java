/**
 * The live side of the recogniser: turning a raw EEG stream, pushed in chunks of any size, into the same
 * per-window band features the offline extractor computes from a whole trial.
 */
package org.evoke.distill.live;
