/**
 * The blob store port: a content-addressed byte store keyed by digest, composed of small role
 * interfaces. It knows nothing of repositories, tags or manifests. Implementations live in {@code
 * blob.fs} and {@code blob.memory}; depends on {@code model}, {@code error}, {@code common}.
 */
package dev.berth.blob;
