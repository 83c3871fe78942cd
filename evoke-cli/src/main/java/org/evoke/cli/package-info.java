/**
 * The {@code evoke} command line (picocli): {@code synth} and {@code features} today; {@code run}, {@code table}
 * and {@code predict} join as the trainer and the benchmarks land. User mistakes end in one line and exit code 1.
 */
package org.evoke.cli;
