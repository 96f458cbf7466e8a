/** Immutable, validated value records shared by every layer. Depends on {@code common} only. */
package dev.berth.model;
