/** Assembly and main: builds a platform and its interconnect, boots the cores, and runs the launcher's commands. */
package dev.flotilla.runtime;
