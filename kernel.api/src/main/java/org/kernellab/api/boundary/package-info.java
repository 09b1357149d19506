/**
 * What the classes generated for the contract boundary are built from. For every
 * {@link org.kernellab.api.KernelService} interface {@code Xxx}, the build's annotation processor
 * ({@code kernel.apt}) writes a final class {@code XxxChecked} next to it; the kernel core makes
 * one per checked service object and hands it a {@link Boundary}. Bundles use neither type.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.kernellab.api.boundary;
