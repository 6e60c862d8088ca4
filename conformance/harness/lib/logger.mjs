// Baileys logs through pino, at info level to stdout when given no logger. Drivers talk to Java over
// stdout, so they hand Baileys this silent logger to keep that channel clean.
import pino from 'pino';

export const silentLogger = pino({ level: 'silent' });
