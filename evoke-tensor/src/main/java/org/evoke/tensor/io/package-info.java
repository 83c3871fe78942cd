/**
 * Files: {@link org.evoke.tensor.io.SafeTensors} reads and writes the safetensors format (weights, features) and
 * {@link org.evoke.tensor.io.AtomicFiles} writes through a temporary file and a rename, so no file is ever
 * half-written.
 */
package org.evoke.tensor.io;
