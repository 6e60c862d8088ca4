// Baileys' side of the differential codec fuzz (CodecDifferentialFuzzTest). Batch only: one process
// handles a whole corpus, never one process per node.
//
//   node codec-fuzz.mjs tokens
//     One JSON line {"2": {"single": [...], "double": [[...] x4]}, "3": {...}}: the token lists of
//     Baileys 6 (dictionary 2) and Baileys 7 (dictionary 3), from which the Java side draws tokens.
//
//   node codec-fuzz.mjs run <2|3> <in.jsonl> <out.jsonl>
//     Per input line {"node": N, "hex"?: H, "zhex"?: Z, "decodeOnly": bool}, one output line (same order):
//       "decoded": N' (or "decodeError"): H (our frame payload, flag byte included) as Baileys decodes it;
//                  absent without H;
//       "zdecoded": N'' (or "zdecodeError"): the same for Z, our payload compressed (flag 2, zlib);
//       "hex": H' (or "encodeError"): Baileys' frame payload for N, unless decodeOnly;
//       "zhex": Baileys' payload compressed with Node's zlib (flag 2), when Z was given.
//     Prints one summary line {"nodes": n, "decodeErrors": d, "encodeErrors": e}.
//
// Canonical node N: {"tag": string, "attrs": [[key, value], ...], "content"?: [N, ...] | {"hex"} | {"text"}}.
// Rules for turning Baileys' decoded {tag, attrs, content} into it:
//   - attrs: Object.entries in the object's order (the Java side never uses integer-like keys, which JS
//     objects move to the front);
//   - content undefined -> no "content"; an array -> children; a Buffer / Uint8Array (BINARY_* content)
//     -> {"hex"}; a string (content in a token, packed or JID form) -> {"text"}; anything else -> an error.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);

// The WABinary modules only: the full entry points load the whole socket stack, which this does not need.
async function load(dictVersion) {
  if (dictVersion === 3) {
    return {
      codec: await import('baileys7/lib/WABinary/index.js'),
      constants: await import('baileys7/lib/WABinary/constants.js'),
    };
  }
  if (dictVersion === 2) {
    return {
      codec: require('baileys6/lib/WABinary/index.js'),
      constants: require('baileys6/lib/WABinary/constants.js'),
    };
  }
  throw new Error(`unknown dictionary version ${dictVersion}`);
}

function toCanonical(node, path = 'root') {
  if (!node || typeof node.tag !== 'string') throw new Error(`${path}: not a node`);
  const out = { tag: node.tag, attrs: [] };
  for (const [key, value] of Object.entries(node.attrs ?? {})) {
    if (typeof value !== 'string') throw new Error(`${path}: attribute ${key} is a ${typeof value}`);
    out.attrs.push([key, value]);
  }
  const { content } = node;
  if (content === undefined) return out;
  if (Array.isArray(content)) {
    out.content = content.map((child, i) => toCanonical(child, `${path}/${i}`));
  } else if (content instanceof Uint8Array) { // Buffer is a Uint8Array
    out.content = { hex: Buffer.from(content.buffer, content.byteOffset, content.length).toString('hex') };
  } else if (typeof content === 'string') {
    out.content = { text: content };
  } else {
    throw new Error(`${path}: content of type ${typeof content}`);
  }
  return out;
}

function fromCanonical(node) {
  const attrs = {};
  for (const [key, value] of node.attrs) attrs[key] = value;
  const out = { tag: node.tag, attrs };
  const { content } = node;
  if (Array.isArray(content)) out.content = content.map(fromCanonical);
  else if (content && typeof content.hex === 'string') out.content = Buffer.from(content.hex, 'hex');
  else if (content && typeof content.text === 'string') out.content = content.text;
  return out;
}

// decodeBinaryNode without its silent acceptance of trailing bytes: the same flag-byte handling
// (decompressingIfRequired drops flag 0, inflates flag 2), then the node, then a check that it used every byte.
async function decodeFrame(codec, constants, frame) {
  const bytes = await codec.decompressingIfRequired(frame);
  const indexRef = { index: 0 };
  const node = codec.decodeDecompressedBinaryNode(bytes, constants, indexRef);
  if (indexRef.index !== bytes.length) {
    throw new Error(`${bytes.length - indexRef.index} bytes left after the node`);
  }
  return node;
}

async function run(dictVersion, inPath, outPath) {
  const { codec, constants } = await load(dictVersion);
  const lines = readFileSync(inPath, 'utf8').split('\n').filter((line) => line.length > 0);
  const out = [];
  let decodeErrors = 0;
  let encodeErrors = 0;
  for (const line of lines) {
    const item = JSON.parse(line);
    const result = {};
    for (const [input, key] of [[item.hex, 'decoded'], [item.zhex, 'zdecoded']]) {
      if (typeof input !== 'string') continue; // no hex: our encoder refused the node; no zhex: not asked
      try {
        result[key] = toCanonical(await decodeFrame(codec, constants, Buffer.from(input, 'hex')));
      } catch (error) {
        decodeErrors++;
        result[`${key.replace('decoded', 'decode')}Error`] = String(error?.message ?? error);
      }
    }
    if (!item.decodeOnly) {
      try {
        const frame = codec.encodeBinaryNode(fromCanonical(item.node));
        result.hex = frame.toString('hex');
        if (typeof item.zhex === 'string') {
          result.zhex = Buffer.concat([Buffer.from([2]), deflateSync(frame.subarray(1))]).toString('hex');
        }
      } catch (error) {
        encodeErrors++;
        result.encodeError = String(error?.message ?? error);
      }
    }
    out.push(JSON.stringify(result));
  }
  writeFileSync(outPath, out.length ? `${out.join('\n')}\n` : '');
  process.stdout.write(`${JSON.stringify({ nodes: lines.length, decodeErrors, encodeErrors })}\n`);
}

async function tokens() {
  const lists = {};
  for (const dictVersion of [2, 3]) {
    const { constants } = await load(dictVersion);
    lists[dictVersion] = { single: constants.SINGLE_BYTE_TOKENS, double: constants.DOUBLE_BYTE_TOKENS };
  }
  process.stdout.write(`${JSON.stringify(lists)}\n`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'tokens' && args.length === 0) {
  await tokens();
} else if (mode === 'run' && args.length === 3) {
  await run(Number(args[0]), args[1], args[2]);
} else {
  process.stderr.write('usage: codec-fuzz.mjs tokens | run <2|3> <in.jsonl> <out.jsonl>\n');
  process.exit(2);
}
