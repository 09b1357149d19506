/** The typed trace stream: ftrace-style text, Chrome/Perfetto JSON export and run digests. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.kernellab.api.trace;
