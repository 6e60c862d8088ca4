// Media crypto conformance: Baileys' own media functions against files written by the Java test.
//
//   node harness/media.mjs <workdir>
//
// <workdir>/manifest.json: { "katMediaKey": hex, "entries": [ { "type": baileys media type, "plain": file,
// "javaEnc": file, "javaMediaKey": base64 } ] }. For each Baileys version (6 and 7) this prints one JSON line per
//  - media type of MEDIA_HKDF_KEY_MAPPING with a key family: {kind:"keys", version, type, info, iv, cipherKey,
//    macKey, expanded} (hex; getMediaKeys plus the full 112-byte hkdf expansion of katMediaKey),
//  - entry whose type this version knows: {kind:"decrypted", version, index, file}: the Java blob downloaded over loopback HTTP with Baileys'
//    downloadContentFromMessage and written to <workdir>/<file>,
//  - entry: {kind:"encrypted", version, index, file, mediaKey, fileSha256, fileEncSha256, fileLength}: the plain
//    file encrypted by Baileys' encryptedStream, the blob written to <workdir>/<file>.
// Anything unexpected exits 1 with a message on stderr.
import { readFileSync, writeFileSync, copyFileSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

import * as b6module from 'baileys6';
import * as b7module from 'baileys7';

import { silentLogger } from './lib/logger.mjs';

const workdir = process.argv[2];
if (!workdir) {
  process.stderr.write('usage: media.mjs <workdir>\n');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(workdir, 'manifest.json'), 'utf8'));
const hex = (b) => Buffer.from(b).toString('hex');
const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');

// Serves <workdir>/<name> for GET /<name>, as a media host serves a blob.
const server = createServer((req, res) => {
  try {
    const body = readFileSync(join(workdir, decodeURIComponent(req.url.slice(1))));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  } catch (e) {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function api(mod) {
  return mod.default && typeof mod.default.getMediaKeys === 'function' ? mod.default : mod;
}

try {
  for (const [version, mod] of [['baileys6', api(b6module)], ['baileys7', api(b7module)]]) {
    const katKey = Buffer.from(manifest.katMediaKey, 'hex');
    for (const [type, family] of Object.entries(mod.MEDIA_HKDF_KEY_MAPPING)) {
      if (!family) continue; // ppic, product-catalog-image: not end-to-end encrypted
      const info = mod.hkdfInfoKey(type);
      const keys = await mod.getMediaKeys(katKey, type);
      const expanded = await mod.hkdf(katKey, 112, { info });
      emit({ kind: 'keys', version, type, info, iv: hex(keys.iv), cipherKey: hex(keys.cipherKey),
        macKey: hex(keys.macKey), expanded: hex(expanded) });
    }
    for (const [index, entry] of manifest.entries.entries()) {
      if (!mod.MEDIA_HKDF_KEY_MAPPING[entry.type]) continue; // a type this version does not know
      const stream = await mod.downloadContentFromMessage(
        { mediaKey: Buffer.from(entry.javaMediaKey, 'base64'), url: base + encodeURIComponent(entry.javaEnc) },
        entry.type);
      const file = `${version}-dec-${index}.bin`;
      writeFileSync(join(workdir, file), await collect(stream));
      emit({ kind: 'decrypted', version, index, file });

      const enc = await mod.encryptedStream({ url: join(workdir, entry.plain) }, entry.type, { logger: silentLogger });
      const encFile = `${version}-enc-${index}.enc`;
      if (enc.encFilePath) { // Baileys 7: the blob in a temporary file
        copyFileSync(enc.encFilePath, join(workdir, encFile));
        unlinkSync(enc.encFilePath);
      } else { // Baileys 6: the blob as a readable stream
        writeFileSync(join(workdir, encFile), await collect(enc.encWriteStream));
      }
      emit({ kind: 'encrypted', version, index, file: encFile, mediaKey: hex(enc.mediaKey),
        fileSha256: hex(enc.fileSha256), fileEncSha256: hex(enc.fileEncSha256), fileLength: enc.fileLength });
    }
  }
} catch (e) {
  process.stderr.write(`media.mjs: ${e && e.stack ? e.stack : e}\n`);
  server.close();
  process.exit(1);
}
server.close();
