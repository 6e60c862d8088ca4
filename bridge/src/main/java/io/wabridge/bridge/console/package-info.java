/**
 * The operator console at {@code /console}: static pages with a little plain JavaScript over a small JSON API
 * ({@code /console/api}). It is just another producer and consumer of the Kafka contract: every action is a command
 * record ({@link io.wabridge.bridge.console.ConsoleCommands}), every result and live update an event read from the
 * events topic ({@link io.wabridge.bridge.console.ConsoleEvents}), the session table comes from the views, so it is
 * correct with any number of workers. Authentication, CSRF and rate limits are {@link io.wabridge.bridge.security}'s.
 */
package io.wabridge.bridge.console;
