// App-state (syncd) conformance: Baileys' own chat-utils against patches and snapshots written by the Java test.
//
//   node harness/appstate.mjs <workdir>
//
// <workdir>/manifest.json: { "keyData": hex, "keyId": hex, "jid": chat jid, "valueMacs": [hex...],
// "patches": [ { "collection", "patch": base64 SyncdPatch with its version } ], "snapshots": [ { "collection",
// "snapshot": base64 SyncdSnapshot } ] }. For Baileys 6 and 7 this prints one JSON line per
//  - {kind:"keys", version, keys: hex of the 160-byte expansion} (Baileys 7: whatsapp-rust-bridge expandAppStateKeys),
//  - {kind:"lthash", version, added: hex LTHash of valueMacs added to zero, removed: hex after subtracting the first},
//  - Java patch, decoded in order per collection with MAC validation: {kind:"decoded", version, index, collection,
//    hash, mutations: [{index, value}]},
//  - Java snapshot: {kind:"snapshot", version, index, collection, hash, mutations: count},
//  - chat modification Baileys encodes (chatModificationToAppPatch + encodeSyncdPatch) on its own running state:
//    {kind:"encoded", version, collection, patch: base64 SyncdPatch with version, hash, stateVersion}.
// Anything unexpected exits 1 with a message on stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as b6module from 'baileys6';
import * as b7module from 'baileys7';
import { expandAppStateKeys } from 'whatsapp-rust-bridge';

const workdir = process.argv[2];
if (!workdir) {
  process.stderr.write('usage: appstate.mjs <workdir>\n');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(workdir, 'manifest.json'), 'utf8'));
const hex = (b) => Buffer.from(b).toString('hex');
const b64 = (b) => Buffer.from(b).toString('base64');
const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const keyData = Buffer.from(manifest.keyData, 'hex');
const keyId = Buffer.from(manifest.keyId, 'hex');

async function run(version, b) {
  const proto = b.proto ?? b.WAProto;
  const getKey = async (id) => (id === b64(keyId) ? proto.Message.AppStateSyncKeyData.fromObject({ keyData }) : undefined);
  if (version === 'baileys7') {
    const k = expandAppStateKeys(keyData);
    emit({ kind: 'keys', version, keys: hex(Buffer.concat([k.indexKey, k.valueEncryptionKey, k.valueMacKey, k.snapshotMacKey, k.patchMacKey])) });
  }
  const macs = manifest.valueMacs.map((m) => Buffer.from(m, 'hex'));
  // Baileys 6: subtractThenAdd(ArrayBuffer base, adds, subtracts); Baileys 7: subtractThenAdd(base, subtracts, adds)
  const mix = async (base, subs, adds) => Buffer.from(version === 'baileys6'
    ? await b.LT_HASH_ANTI_TAMPERING.subtractThenAdd(new Uint8Array(base).buffer, adds, subs)
    : await b.LT_HASH_ANTI_TAMPERING.subtractThenAdd(base, subs, adds));
  const added = await mix(Buffer.alloc(128), [], macs);
  const removed = await mix(added, [macs[0]], []);
  emit({ kind: 'lthash', version, added: hex(added), removed: hex(removed) });

  const states = {};
  for (const [index, entry] of manifest.patches.entries()) {
    const patch = proto.SyncdPatch.decode(Buffer.from(entry.patch, 'base64'));
    const state = states[entry.collection] ?? b.newLTHashState();
    const mutations = [];
    const result = await b.decodeSyncdPatch(patch, entry.collection, state, getKey,
      (m) => mutations.push({ index: m.index, value: proto.SyncActionValue.toObject(m.syncAction.value, { longs: String }) }), true);
    states[entry.collection] = { version: Number(patch.version.version), hash: result.hash, indexValueMap: result.indexValueMap };
    emit({ kind: 'decoded', version, index, collection: entry.collection, hash: hex(result.hash), mutations });
  }
  for (const [index, entry] of manifest.snapshots.entries()) {
    const snapshot = proto.SyncdSnapshot.decode(Buffer.from(entry.snapshot, 'base64'));
    const { state, mutationMap } = await b.decodeSyncdSnapshot(entry.collection, snapshot, getKey, undefined, true);
    emit({ kind: 'snapshot', version, index, collection: entry.collection, hash: hex(state.hash), mutations: Object.keys(mutationMap).length });
  }

  const jid = manifest.jid;
  const last = [{ key: { remoteJid: jid, id: 'M1', fromMe: false }, messageTimestamp: 1700000000 }];
  const mods = [
    { archive: true, lastMessages: last },
    { pin: true },
    { mute: 1800000000000 },
    { markRead: true, lastMessages: last },
    { star: { messages: [{ id: 'M1', fromMe: false }], star: true } },
    { archive: false, lastMessages: last },
    { mute: null },
  ];
  const ownStates = {};
  for (const mod of mods) {
    const create = b.chatModificationToAppPatch(mod, jid);
    const { patch, state } = await b.encodeSyncdPatch(create, b64(keyId), ownStates[create.type] ?? b.newLTHashState(), getKey);
    ownStates[create.type] = state;
    const bytes = proto.SyncdPatch.encode({ ...patch, version: { version: state.version } }).finish();
    emit({ kind: 'encoded', version, collection: create.type, patch: b64(bytes), hash: hex(state.hash), stateVersion: state.version });
  }
}

try {
  await run('baileys6', b6module);
  await run('baileys7', b7module);
} catch (e) {
  process.stderr.write(`appstate harness failed: ${e?.stack ?? e}\n`);
  process.exit(1);
}
process.exit(0);
