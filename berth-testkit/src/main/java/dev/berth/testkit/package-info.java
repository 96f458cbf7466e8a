/**
 * Test support shared by every module: contract suites for each port (run against every backend),
 * fixtures (OCI layouts), a skopeo runner, and podman and skopeo in a private configuration ({@code
 * ContainerClients}).
 */
package dev.berth.testkit;
