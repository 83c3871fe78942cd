package org.evoke.live;

import org.evoke.eeg.avatar.Expression;
import org.evoke.eeg.emotion.Emotion;

/**
 * What the {@link EmotionRecognizer} says about one window of the stream.
 *
 * @param window        the window's number in the stream, from 0
 * @param startSeconds  the window's start, in seconds after the baseline (the stimulus part of the stream)
 * @param endSeconds    its end
 * @param probabilities (3) sigmoid of the student's logits: valence, arousal, dominance high
 * @param labels        (3) each probability &gt;= 0.5
 * @param emotion       the emotion of the labels (this window alone)
 * @param expression    the avatar expression to show now: the emotion's preset blended over time by the smoother,
 *                      named after the emotion that dominates recent windows
 */
public record Recognition(long window, double startSeconds, double endSeconds, double[] probabilities, boolean[] labels,
                          Emotion emotion, Expression expression) {
}
