package dev.hearth.launcher;

import java.time.Instant;

/** How a function process ended: exit code, or 128+signal when a signal ended it. */
public record ExitStatus(int status, Instant exitedAt) {}
