/** Operations endpoints: {@code /healthz}. Depends on {@code http} and {@code meta}. */
package dev.berth.api.ops;
