package dev.berth.model;

import java.util.Optional;

/** One (digest, tag) pair of a listing; untagged images appear once without a tag. */
public record ImageRef(Digest digest, Optional<String> tag) {}
