/**
 * JMH benchmarks of the teacher and the student, and the Table I report.
 */
package org.evoke.bench;
