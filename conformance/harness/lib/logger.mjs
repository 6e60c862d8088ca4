// Baileys logs through pino, at info level to stdout when given no logger. Drivers talk to Java over
// stdout, so they hand Baileys this silent logger to keep that channel clean.
import pino from 'pino';

export const silentLogger = pino({ level: 'silent' });

// Baileys' log on stderr (never stdout, the JSON channel), for a driver whose failures need Baileys' own account of
// what happened (the Java side keeps the tail and prints it with a failure). The level comes from BAILEYS_LOG_LEVEL
// (default "debug"; "silent" turns it off).
export function stderrLogger() {
  return pino({ level: process.env.BAILEYS_LOG_LEVEL || 'debug' }, pino.destination({ dest: 2, sync: true }));
}
