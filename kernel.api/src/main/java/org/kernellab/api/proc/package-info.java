/**
 * The simulated {@code /proc}: bundles contribute files and directories on the whiteboard
 * ({@link org.kernellab.api.proc.ProcEntry}); the procfs service
 * ({@link org.kernellab.api.proc.ProcFs}) resolves paths and renders them with the machine held
 * still, so that every file is a consistent snapshot.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.proc;
