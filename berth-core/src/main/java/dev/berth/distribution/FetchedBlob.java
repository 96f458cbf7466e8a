package dev.berth.distribution;

import java.io.InputStream;
import java.util.OptionalLong;

/** A blob's bytes as the registry sends them (unverified) and the length it declared, if it did. */
public record FetchedBlob(OptionalLong length, InputStream body) {}
