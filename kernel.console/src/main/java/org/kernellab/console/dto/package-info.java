/** Values returned by the console's commands; formatting them is the console's separate step. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.kernellab.console.dto;
