/**
 * Avatar expressions for the eight emotions: the 52 ARKit face {@link org.evoke.eeg.avatar.Blendshape}s, the FACS
 * {@link org.evoke.eeg.avatar.ActionUnit}s behind them, one {@link org.evoke.eeg.avatar.Expression} preset per
 * emotion ({@link org.evoke.eeg.avatar.ExpressionLibrary}, JSON export), an SVG picture of each
 * ({@link org.evoke.eeg.avatar.SvgFaceRenderer}) and smoothing over a stream
 * ({@link org.evoke.eeg.avatar.ExpressionSmoother}).
 */
package org.evoke.eeg.avatar;
