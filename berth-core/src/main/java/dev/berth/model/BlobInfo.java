package dev.berth.model;

/** What the registry knows of a stored blob. */
public record BlobInfo(Digest digest, long size) {}
