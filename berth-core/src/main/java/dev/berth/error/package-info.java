/**
 * Domain errors: {@link dev.berth.error.RegistryException} and {@link dev.berth.error.ErrorKind};
 * no wire formats.
 */
package dev.berth.error;
