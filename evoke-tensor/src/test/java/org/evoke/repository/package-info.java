/**
 * Checks of the repository itself, run with evoke-tensor's tests because that module builds first: every path and
 * relative link in the README and docs/ exists ({@link org.evoke.repository.DocsLinksTest}), and the poms carry what
 * a Maven Central release needs ({@link org.evoke.repository.BuildMetadataTest}).
 */
package org.evoke.repository;
