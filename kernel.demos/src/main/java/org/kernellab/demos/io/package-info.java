/**
 * Verifying I/O for driver-swap scenarios: a request ledger, patterned blocks, writer tasks that
 * read back what they wrote, and swaps scheduled at exact virtual instants. Exported so that
 * in-framework tests can run the same workload through other swap paths (FileInstall).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.demos.io;
