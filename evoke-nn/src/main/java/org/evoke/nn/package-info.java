/**
 * The neural-network core: {@link org.evoke.nn.Layer} (forward/backward pairs), {@link org.evoke.nn.Parameter}
 * (value and gradient under a canonical name), {@link org.evoke.nn.Sequential}, and {@link org.evoke.nn.Model},
 * the embedding contract for the two networks built in {@link org.evoke.nn.models.Models}.
 */
package org.evoke.nn;
