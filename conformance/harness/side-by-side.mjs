// Baileys 7 as the client under test of the side-by-side benchmark (bench/: io.wabridge.bench.sidebyside.
// SideBySideBenchmark); io.wabridge.bench.sidebyside.OursAgent is the same agent for our client, and both speak one
// protocol: events as JSON lines on stdout, commands as JSON lines on stdin. Auth state in memory, as our agent's
// store. Times are process.hrtime.bigint() nanoseconds: the machine's monotonic clock, which Java's System.nanoTime()
// reads too, so the benchmark can compare them with the simulator's.
//
//   node side-by-side.mjs messaging --url URL            one session; commands send, expect, send-burst, end
//   node --expose-gc side-by-side.mjs heap --url URL --sessions N --step S
//   node side-by-side.mjs connect --url URL --runs K --warmup W
// --auth memory (default: keys and credentials in memory, like our agent's store) or --auth files (Baileys'
// useMultiFileAuthState, one directory per session under a temporary directory removed at exit).
//
// Events: {"event":"qr","session":i,"qr"} (the benchmark scans it), {"event":"open","session":i,"me"},
// {"event":"sent-one","id"}, {"event":"expecting","count"}, {"event":"received","count","firstNanos","lastNanos","cpuNanos"},
// {"event":"sent","count","failed","startNanos","endNanos","cpuNanos"}, {"event":"heap","sessions","bytes"}, {"event":"done"},
// {"event":"timings","qrNanos":[...],"openNanos":[...]}, {"event":"error","message"}.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { silentLogger } from './lib/logger.mjs';

const { makeWASocket, initAuthCreds, useMultiFileAuthState } = await import('baileys7');

const emit = (event) => process.stdout.write(`${JSON.stringify(event, (k, v) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
const now = () => process.hrtime.bigint();
/** CPU time of the whole process (every thread), in nanoseconds, as Java's getProcessCpuTime() counts it. */
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) * 1000; };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function fail(message) {
  emit({ event: 'error', message });
  process.stderr.write(`side-by-side.mjs: ${message}\n`);
  process.exit(2);
}

const mode = process.argv[2];
const options = {};
for (let i = 3; i < process.argv.length; i += 2) options[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!options.url) fail('--url is required');

const authDirs = options.auth === 'files' ? mkdtempSync(join(tmpdir(), 'side-by-side-')) : null;
process.on('exit', () => { if (authDirs) rmSync(authDirs, { recursive: true, force: true }); });
let authCount = 0;

/** {state, saveCreds}: in memory, or in files with --auth files. */
async function authState() {
  if (authDirs) return useMultiFileAuthState(join(authDirs, `s${authCount++}`));
  return { state: memoryAuthState(), saveCreds: async () => {} };
}

/** Signal keys and credentials in memory: what useMultiFileAuthState keeps in files. */
function memoryAuthState() {
  const data = {};
  return {
    creds: initAuthCreds(),
    keys: {
      get: async (type, ids) => {
        const stored = data[type] ?? {};
        const found = {};
        for (const id of ids) if (stored[id] !== undefined) found[id] = stored[id];
        return found;
      },
      set: async (update) => {
        for (const type of Object.keys(update)) {
          const stored = (data[type] ??= {});
          for (const [id, value] of Object.entries(update[type])) {
            if (value) stored[id] = value;
            else delete stored[id];
          }
        }
      },
    },
  };
}

/**
 * One account's connection, re-made after the 515 restart that follows pairing (as Baileys' README tells
 * applications to do). handlers: qr(code) for the first QR only, open(socket), message(decrypted, failed) per
 * messages.upsert of type notify. session.end() closes it and resolves once closed.
 */
function session({ state: auth, saveCreds }, handlers = {}) {
  const state = { socket: null, ending: false, qrShown: false, closed: null };
  const connect = () => {
    const socket = makeWASocket({
      waWebSocketUrl: options.url,
      auth,
      logger: silentLogger,
      markOnlineOnConnect: false,
      syncFullHistory: false,
    });
    state.socket = socket;
    let onClosed;
    state.closed = new Promise((resolve) => { onClosed = resolve; });
    socket.ev.on('creds.update', () => saveCreds());
    socket.ev.on('messages.upsert', ({ messages, type }) => {
      if (type !== 'notify') return; // 'append': our own sends
      // A message Baileys could not decrypt arrives as a CIPHERTEXT stub (2) without content.
      const failed = messages.filter((m) => m.messageStubType === 2 && !m.message).length;
      handlers.message?.(messages.length - failed, failed);
    });
    socket.ev.on('connection.update', (update) => {
      if (update.qr && !state.qrShown) {
        state.qrShown = true;
        handlers.qr?.(update.qr);
      }
      if (update.receivedPendingNotifications) {
        // Baileys holds message events back until the app-state sync key arrives from the phone, which the
        // simulated phone does not send; release them, as the conformance harness does.
        setImmediate(() => {
          for (let i = 0; i < 16 && socket.ev.isBuffering(); i++) socket.ev.flush();
        });
      }
      if (update.connection === 'open') handlers.open?.(socket);
      if (update.connection !== 'close' || socket !== state.socket) return;
      onClosed();
      const code = update.lastDisconnect?.error?.output?.statusCode;
      if (state.ending) return;
      if (code === 515) connect();
      else fail(`connection closed: ${code} ${update.lastDisconnect?.error?.message}`);
    });
  };
  connect();
  return {
    get socket() { return state.socket; },
    end: async () => {
      state.ending = true;
      const closed = state.closed;
      state.socket.end(undefined);
      await closed;
    },
  };
}


async function heapAfterGc() {
  for (let i = 0; i < 4; i++) {
    global.gc();
    await sleep(200);
  }
  return process.memoryUsage().heapUsed;
}

const lines = createInterface({ input: process.stdin });

async function messaging() {
  let counting = null;
  let opened;
  const open = new Promise((resolve) => { opened = resolve; });
  const account = session(await authState(), {
    qr: (qr) => emit({ event: 'qr', session: 0, qr }),
    open: (socket) => opened(socket),
    message: (n, failed) => {
      if (failed > 0) fail(`${failed} messages did not decrypt`);
      if (!counting || n === 0) return;
      const t = now();
      if (counting.received === 0) counting.first = t;
      counting.received += n;
      if (counting.received >= counting.count) {
        emit({ event: 'received', count: counting.count, firstNanos: counting.first, lastNanos: t,
          cpuNanos: cpu() - counting.cpu });
        counting = null;
      }
    },
  });
  const socket = await open;
  emit({ event: 'open', session: 0, me: socket.user?.id ?? null });
  for await (const line of lines) {
    const command = JSON.parse(line);
    const sock = account.socket;
    switch (command.command) {
      case 'send': {
        const sent = await sock.sendMessage(command.to, { text: command.text });
        emit({ event: 'sent-one', id: sent.key.id });
        break;
      }
      case 'expect':
        counting = { count: command.count, received: 0, first: 0n, cpu: cpu() };
        emit({ event: 'expecting', count: command.count });
        break;
      case 'send-burst':
        await sendBurst(sock, command.to, command.count);
        break;
      case 'end':
        await account.end();
        process.exit(0);
        break;
      default:
        emit({ event: 'error', message: `unknown command ${line}` });
    }
  }
}

/** count texts sent at once, timed until the server acked the last one (Baileys resolves sendMessage on write). */
async function sendBurst(sock, to, count) {
  const prefix = `3EB0${Date.now().toString(16).toUpperCase()}`;
  const waiting = new Set();
  for (let i = 0; i < count; i++) waiting.add(`${prefix}${i.toString(16).toUpperCase().padStart(4, '0')}`);
  let failed = 0;
  let end = 0n;
  let finished;
  const done = new Promise((resolve) => { finished = resolve; });
  const onAck = (node) => {
    const { id, error } = node.attrs;
    if (!waiting.delete(id)) return;
    if (error) failed++;
    end = now();
    if (waiting.size === 0) finished();
  };
  sock.ws.on('CB:ack,class:message', onAck);
  const ids = [...waiting];
  const cpuBefore = cpu();
  const start = now();
  const sends = ids.map((messageId, i) => sock.sendMessage(to, { text: `outbound message ${i}` }, { messageId })
    .catch(() => {
      if (waiting.delete(messageId)) {
        failed++;
        end = now();
        if (waiting.size === 0) finished();
      }
    }));
  await Promise.race([done, sleep(300_000)]);
  const cpuNanos = cpu() - cpuBefore;
  await Promise.allSettled(sends);
  sock.ws.off('CB:ack,class:message', onAck);
  emit({ event: 'sent', count, failed: failed + waiting.size, startNanos: start, endNanos: end, cpuNanos });
}

async function heap() {
  const total = Number(options.sessions ?? 100);
  const step = Number(options.step ?? 10);
  const sessions = [];
  emit({ event: 'heap', sessions: 0, bytes: await heapAfterGc() });
  while (sessions.length < total) {
    const opens = [];
    for (let i = 0; i < step && sessions.length < total; i++) {
      const index = sessions.length;
      let opened;
      opens.push(new Promise((resolve) => { opened = resolve; }).then((socket) => {
        emit({ event: 'open', session: index, me: socket.user?.id ?? null });
      }));
      sessions.push(session(await authState(), {
        qr: (qr) => emit({ event: 'qr', session: index, qr }),
        open: (socket) => opened(socket),
      }));
    }
    await Promise.all(opens);
    await sleep(500);
    emit({ event: 'heap', sessions: sessions.length, bytes: await heapAfterGc() });
  }
  emit({ event: 'done', kept: sessions.length });
  for await (const line of lines) break; // "end" or EOF
  process.exit(0);
}

async function connect() {
  const runs = Number(options.runs ?? 20);
  const warmup = Number(options.warmup ?? 5);
  const qrNanos = [];
  for (let i = 0; i < warmup + runs; i++) {
    const start = now();
    let shown;
    const qr = new Promise((resolve) => { shown = resolve; });
    const fresh = session(await authState(), { qr: () => shown() });
    await qr;
    if (i >= warmup) qrNanos.push(now() - start);
    await fresh.end();
  }
  const auth = await authState();
  let opened;
  const open = new Promise((resolve) => { opened = resolve; });
  const pairing = session(auth, { qr: (qr) => emit({ event: 'qr', session: 0, qr }), open: () => opened() });
  await open;
  await pairing.end();
  const openNanos = [];
  for (let i = 0; i < warmup + runs; i++) {
    const start = now();
    let reopened;
    const reopen = new Promise((resolve) => { reopened = resolve; });
    const client = session(auth, { open: () => reopened() });
    await reopen;
    if (i >= warmup) openNanos.push(now() - start);
    await client.end();
  }
  emit({ event: 'timings', qrNanos, openNanos });
  process.exit(0);
}

const modes = { messaging, heap, connect };
if (!modes[mode]) fail(`mode must be messaging, heap or connect, got ${mode}`);
modes[mode]().catch((error) => fail(`${error.stack ?? error}`));
