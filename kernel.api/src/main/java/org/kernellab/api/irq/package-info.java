/** The generic interrupt layer: request_irq, handlers, line control. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.irq;
