/**
 * The evoke command line: run, table, predict, synth, features.
 */
package org.evoke.cli;
