/**
 * Virtual memory: user address spaces ({@link org.kernellab.api.vm.AddressSpaces}: mmap,
 * munmap, brk, mprotect, fork with copy-on-write, and the user-mode accesses that fault), and the
 * user/kernel boundary ({@link org.kernellab.api.vm.Uaccess}: copy_to_user and its kin, the
 * kernel's own dereferences, which Oops when bad). Implemented by the memory manager bundle,
 * which exports nothing. See docs/address-spaces.md.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.kernellab.api.vm;
