/** The EVOKE paper's two networks: the CCNN teacher and the 18x smaller student (docs/design.md, section 3). */
package org.evoke.nn.models;
