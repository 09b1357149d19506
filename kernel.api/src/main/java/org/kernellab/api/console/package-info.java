/**
 * What the bundles that add console commands share: {@link org.kernellab.api.console.CommandException},
 * the error a user made, printed as its message alone.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.console;
