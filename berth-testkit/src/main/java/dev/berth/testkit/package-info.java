/**
 * Test support shared by every module: contract suites for each port (run against every backend),
 * fixtures (OCI layouts) and a skopeo runner.
 */
package dev.berth.testkit;
