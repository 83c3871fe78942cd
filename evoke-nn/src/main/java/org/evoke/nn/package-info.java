/**
 * The neural-network core: {@link org.evoke.nn.Layer}, {@link org.evoke.nn.Parameter}, {@link org.evoke.nn.Sequential} and {@link org.evoke.nn.Model}.
 */
package org.evoke.nn;
