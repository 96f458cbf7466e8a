/**
 * Typed, validated configuration: defaults, then a YAML file, then {@code BERTH_*} environment
 * variables, then command-line options. Every key is kebab-case; its environment variable is the
 * key upper-cased with {@code -} as {@code _} and the prefix {@code BERTH_}.
 */
package dev.berth.config;
