/** The EVOKE paper's two networks: the CCNN teacher and the 18x smaller student (DESIGN.md section 3). */
package org.evoke.nn.models;
