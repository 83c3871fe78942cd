/**
 * From the three binary labels (valence, arousal, dominance) to one of eight emotions: the
 * {@link org.evoke.eeg.emotion.Emotion} type and the replaceable {@link org.evoke.eeg.emotion.EmotionTable}
 * (docs/design.md, section 9; the default table is the JSON resource {@code emotions.json} beside this package).
 */
package org.evoke.eeg.emotion;
