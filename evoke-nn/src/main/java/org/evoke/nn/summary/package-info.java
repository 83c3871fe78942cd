/** Model summaries: Table I's layer count, parameters, MACs, FLOPs and weight size. */
package org.evoke.nn.summary;
