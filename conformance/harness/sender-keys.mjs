// Sender-key (group) cipher of Baileys, for the Java differential tests: Baileys 7.0.0-rc14
// (lib/Signal/Group, ESM) or Baileys 6.17.16 (WASignalGroup, CommonJS), both on libsignal-node's crypto.
//
//   node sender-keys.mjs encrypt <baileys6|baileys7> <plaintextHex>...
//     creates a sender key for a fresh group member, encrypts each plaintext in order and prints one JSON
//     line: {"distribution": hex, "messages": [hex, ...]}
//   node sender-keys.mjs decrypt <baileys6|baileys7> <distributionHex> <messageHex>...
//     processes the distribution message, decrypts the messages in the order given and prints one JSON
//     line: {"results": [{"plaintext": hex} | {"error": text}, ...], "state": {keyId, iteration, chainKey,
//     cachedIterations}} where state is the receiver's sender-key state after the last message
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`sender-keys.mjs: ${message}\n`);
  process.exit(1);
}

async function load(impl) {
  if (impl === 'baileys7') {
    const base = require.resolve('baileys7/package.json').replace(/package\.json$/, '');
    return import(`${base}lib/Signal/Group/index.js`);
  }
  if (impl === 'baileys6') {
    return require('baileys6/WASignalGroup');
  }
  return fail(`unknown implementation ${impl}`);
}

// Baileys' group classes read and write records through a store; this one keeps them in memory.
function memoryStore(group) {
  const records = new Map();
  return {
    async loadSenderKey(name) {
      return records.get(name.toString()) ?? new group.SenderKeyRecord();
    },
    async storeSenderKey(name, record) {
      records.set(name.toString(), record);
    },
  };
}

const [mode, impl, ...rest] = process.argv.slice(2);
const group = await load(impl);
const sender = { id: '15550001111', deviceId: 0, toString() { return `${this.id}.${this.deviceId}`; } };
const name = new group.SenderKeyName('120363000000000001@g.us', sender);
const store = memoryStore(group);

if (mode === 'encrypt') {
  const distribution = await new group.GroupSessionBuilder(store).create(name);
  const cipher = new group.GroupCipher(store, name);
  const messages = [];
  for (const hex of rest) {
    messages.push(Buffer.from(await cipher.encrypt(Buffer.from(hex, 'hex'))).toString('hex'));
  }
  process.stdout.write(JSON.stringify({
    distribution: Buffer.from(distribution.serialize()).toString('hex'),
    messages,
  }) + '\n');
} else if (mode === 'decrypt') {
  const [distributionHex, ...messageHexes] = rest;
  const distribution = new group.SenderKeyDistributionMessage(null, null, null, null,
    Buffer.from(distributionHex, 'hex'));
  await new group.GroupSessionBuilder(store).process(name, distribution);
  const cipher = new group.GroupCipher(store, name);
  const results = [];
  for (const hex of messageHexes) {
    try {
      results.push({ plaintext: Buffer.from(await cipher.decrypt(Buffer.from(hex, 'hex'))).toString('hex') });
    } catch (e) {
      results.push({ error: String(e?.message ?? e) });
    }
  }
  const state = (await store.loadSenderKey(name)).getSenderKeyState(distribution.getId());
  const chain = state.getSenderChainKey();
  process.stdout.write(JSON.stringify({
    results,
    state: {
      keyId: state.getKeyId(),
      iteration: chain.getIteration(),
      chainKey: Buffer.from(chain.getSeed()).toString('hex'),
      cachedIterations: state.getStructure().senderMessageKeys.map(key => key.iteration),
    },
  }) + '\n');
} else {
  fail(`usage: sender-keys.mjs encrypt|decrypt <baileys6|baileys7> ...`);
}
