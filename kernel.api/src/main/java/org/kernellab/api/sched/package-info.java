/**
 * The scheduling-policy SPI, modelled on sched_ext's {@code struct sched_ext_ops}: a policy
 * bundle registers a {@link org.kernellab.api.sched.PolicyProvider}; the scheduler core makes
 * one {@link org.kernellab.api.sched.Policy} per machine and guards every call into it.
 * See {@code docs/sched-spi.md} for the worked example.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.kernellab.api.sched;
