/** The native platform on Linux: hardware discovery from {@code /sys}, thread pinning through the foreign-function API, and per-core threads. */
package dev.flotilla.platform.linux;
