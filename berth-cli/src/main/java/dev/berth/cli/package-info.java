/**
 * The command line: {@code serve}, {@code config check}, {@code admin}, {@code gc}, {@code hosts},
 * and the docker credential helper's commands from {@code cli.credentials}. Depends on {@code app},
 * {@code config} and {@code address}.
 */
package dev.berth.cli;
