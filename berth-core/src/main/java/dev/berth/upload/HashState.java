package dev.berth.upload;

import java.security.MessageDigest;

/** The running SHA-256 of a session's first {@code offset} bytes, kept on this node. */
record HashState(MessageDigest digest, long offset, String repositoryId) {}
