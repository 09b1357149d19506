/** Integration tests; a private package of the test bundle. */
package org.kernellab.itest;
