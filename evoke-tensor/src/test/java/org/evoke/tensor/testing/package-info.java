/**
 * Test support shared by every module (published as evoke-tensor's test-jar): finding the golden folder and
 * comparing tensors with a report of the worst element.
 */
package org.evoke.tensor.testing;
