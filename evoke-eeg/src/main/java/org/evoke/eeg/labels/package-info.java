/**
 * Turning DEAP's 1..9 self-assessment ratings into binary labels: {@link org.evoke.eeg.labels.LabelBinarizer}
 * with the threshold and the comparison as options (torcheeg's {@code >= 5.0} by default).
 */
package org.evoke.eeg.labels;
