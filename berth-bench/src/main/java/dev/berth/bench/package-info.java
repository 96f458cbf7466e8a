/**
 * JMH benchmarks of hot code paths: SHA-256 streaming, manifest parsing, request authentication.
 * Compiled by the default build, run only by {@code bench/jmh.sh}; imports {@code berth-core} only.
 */
package dev.berth.bench;
