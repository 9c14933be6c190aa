/**
 * What runs inside the measured JVMs, on a class path of the deployable jar plus these classes only (copied out of
 * bench.jar at run time): so nothing here may use anything but the JDK and the Lambda handler interface, which every
 * deployable jar carries. The child speaks to the bench over stdout lines starting with {@code @@bench} (the
 * functions' own log lines, JSON, go to the same stdout, as in Lambda) and, for the warm runs, takes {@code go} lines
 * on stdin between phases.
 */
package dev.ecrpublic.bench.child;
