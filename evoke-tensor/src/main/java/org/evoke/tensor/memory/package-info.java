/**
 * The arrays' memory: {@link org.evoke.tensor.memory.Vec}, flat element access to a contiguous ND4J array in place
 * (float or double, heap or native), and {@link org.evoke.tensor.memory.Address}, the native address of the array a
 * kernel was last given, remembered so that steady-state calls allocate nothing.
 */
package org.evoke.tensor.memory;
