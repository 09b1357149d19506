/**
 * The scheduling-policy SPI, modelled on sched_ext's {@code struct sched_ext_ops}: a policy
 * bundle registers a {@link org.kernellab.api.sched.PolicyProvider}; the scheduler core makes
 * one {@link org.kernellab.api.sched.Policy} per machine and guards every call into it.
 * See {@code docs/sched-spi.md} for the worked example.
 *
 * <p>Helpers a policy may use, each for an idea several policies share: sched_ext's dispatch
 * queues ({@link org.kernellab.api.sched.DispatchQueue}); the CPU choice of a global preemptive
 * queue ({@link org.kernellab.api.sched.GlobalPlacement}) and of per-CPU queues
 * ({@link org.kernellab.api.sched.PerCpuPlacement}); the late-job report
 * ({@link org.kernellab.api.sched.DeadlineMiss}); a provider base
 * ({@link org.kernellab.api.sched.AbstractPolicyProvider}) over
 * {@link org.kernellab.api.sched.PolicyParams}; and the fair class's arithmetic
 * ({@link org.kernellab.api.sched.SchedMath}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package org.kernellab.api.sched;
