/**
 * The command line: {@code serve}, {@code config check}, {@code admin}, {@code gc}, {@code hosts}.
 * Depends on {@code app}, {@code config} and {@code address}.
 */
package dev.berth.cli;
