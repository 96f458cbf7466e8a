/**
 * The command line: {@code serve}, {@code config check}, {@code admin}, {@code gc}, and the docker
 * credential helper's commands from {@code cli.credentials}. Depends on {@code app}.
 */
package dev.berth.cli;
