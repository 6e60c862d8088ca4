// Prints one JSON line describing the installed Baileys versions and the protocol facts the Java
// conformance tests rely on. Anything missing or malformed exits 1 with a message on stderr, so a
// broken install fails loudly instead of surfacing later as a confusing protocol mismatch.
//
// Token-list digests: sha256 (hex) of the UTF-8 tokens joined with "\n"; for the double-byte lists the
// dictionaries are concatenated in order. Our Java token tables can be compared against these.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { silentLogger } from './lib/logger.mjs';

const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`versions.mjs: ${message}\n`);
  process.exit(1);
}

function packageVersion(name) {
  const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8'));
  return manifest.version;
}

function digest(tokens) {
  return createHash('sha256').update(tokens.join('\n'), 'utf8').digest('hex');
}

// Facts about one Baileys version, read from its public entry point and its binary constants.
function describe(label, main, constants) {
  const { SINGLE_BYTE_TOKENS: single, DOUBLE_BYTE_TOKENS: double } = constants;
  if (typeof main.makeWASocket !== 'function') fail(`${label}: makeWASocket is not exported as a function`);
  if (typeof main.encodeBinaryNode !== 'function') fail(`${label}: encodeBinaryNode is not exported`);
  if (!Array.isArray(single) || single.length < 9) fail(`${label}: SINGLE_BYTE_TOKENS missing or too short`);
  if (!Array.isArray(double) || !double.every(Array.isArray)) fail(`${label}: DOUBLE_BYTE_TOKENS malformed`);
  const header = main.NOISE_WA_HEADER;
  if (!header || header.length !== 4) fail(`${label}: NOISE_WA_HEADER missing`);
  return {
    version: packageVersion(label),
    makeWASocket: true,
    dictVersion: main.DICT_VERSION,
    waHeaderHex: Buffer.from(header).toString('hex'),
    // Byte value = list index. Index 8 is "id" in both lists; index 9 is where v2 and v3 part
    // ("broadcast" vs "notification"), so a v2/v3 mix-up shows up on the first stanza.
    token8: single[8],
    token9: single[9],
    // The real encoder's output for <notification/>: flag byte, LIST_8 of size 1, tag token.
    notificationNodeHex: Buffer.from(main.encodeBinaryNode({ tag: 'notification', attrs: {} })).toString('hex'),
    singleByteTokens: single.length,
    doubleByteDictionaries: double.length,
    doubleByteTokens: double.reduce((n, dict) => n + dict.length, 0),
    singleByteSha256: digest(single),
    doubleByteSha256: digest(double.flat()),
  };
}

async function load(label, loader) {
  try {
    return await loader();
  } catch (error) {
    fail(`cannot load ${label} (run "npm ci --ignore-scripts" in conformance/): ${error.message}`);
  }
}

// Baileys 7 is ESM; Baileys 6 is CommonJS. Neither exposes its token lists from the entry point, and
// neither manifest has an "exports" map, so the constants module is addressed by path.
const b7 = await load('baileys7', () => import('baileys7'));
const b7constants = await load('baileys7', () => import('baileys7/lib/WABinary/constants.js'));
const b6 = await load('baileys6', () => require('baileys6'));
const b6constants = await load('baileys6', () => require('baileys6/lib/WABinary/constants.js'));
const signal = await load('libsignal', () => require('libsignal'));
if (typeof signal.SessionCipher !== 'function') fail('libsignal: SessionCipher is not exported');
if (silentLogger.level !== 'silent') fail('pino: the drivers\' logger is not silent');

const facts = {
  node: process.version,
  baileys7: describe('baileys7', b7, b7constants),
  baileys6: describe('baileys6', b6, b6constants),
  libsignal: { version: packageVersion('libsignal') },
  pino: { version: packageVersion('pino') },
};
process.stdout.write(`${JSON.stringify(facts)}\n`);
