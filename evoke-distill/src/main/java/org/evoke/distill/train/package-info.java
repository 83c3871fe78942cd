/**
 * Training: the teacher on hard labels, the student by distillation from a fixed teacher's logits, and the student
 * from scratch; seeded per-epoch shuffling, Adam, validation with early stopping, per-epoch history, resumable
 * checkpoints, and a listener interface for progress reporting (the library itself never prints).
 */
package org.evoke.distill.train;
