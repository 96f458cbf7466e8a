/**
 * The command line: {@code serve}, {@code config check}, {@code admin}, {@code gc}. Depends on
 * {@code app}.
 */
package dev.berth.cli;
