/** The command line: {@code serve}, {@code config check}, {@code admin}. Depends on {@code app}. */
package dev.berth.cli;
