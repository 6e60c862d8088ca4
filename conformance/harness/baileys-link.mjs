// Connects one Baileys version to a WhatsApp server (our simulator) with a file-backed auth state and
// reports what happens as JSON lines on stdout, so a Java test can drive the phone side:
//   {"event":"qr","qr":"..."}                       a QR code to scan (registration connections)
//   {"event":"pairing-code","code":"ABCD1234"}      with --pairing-phone: the code to type on the phone
//   {"event":"connection","state":"connecting|open|close","code":515,...}
//   {"event":"creds","keys":[...],"me":"jid"}       creds.update (after it was saved)
//   {"event":"restart"}                             a 515 close: a new socket is made from the saved creds,
//                                                   as Baileys' README tells applications to do
//   {"event":"ended"}                               after the "end" command; the script then exits 0
//   {"event":"message","id","remoteJid","fromMe","text","upsert","status","stubType"}   messages.upsert, one per
//                                                   message (stubType: a group notification shown as a stub)
//   {"event":"status","id","remoteJid","status"}    messages.update with a status (2 server ack, 3 delivered, 4 read)
//   {"event":"history","syncType","progress","chats":[{id,name,archived}],"contacts":[{id,notify}],
//    "messages":[{id,remoteJid,fromMe,text}]}       messaging-history.set, one per history chunk Baileys processed
//   {"event":"sent","id"} / {"event":"error",...}   the answer to a send command
//   {"event":"receipt","id","from","type","participant"}   every <receipt> stanza as it arrived (type null: delivery),
//                                                   so a test can tell which device sent it
// Any other close is reported and the script exits 0: the test decides whether it was expected.
// Baileys' own log (pino JSON lines) goes to stderr at BAILEYS_LOG_LEVEL (default debug).
// Commands on stdin, one per line: "end" closes the socket and exits; a JSON line
// {"command":"send","to":"JID","text":"..."} sends a text with sock.sendMessage (to "status@broadcast" with
// "statusJidList":[JID..] and optional "backgroundColor" ("#RRGGBB") and "font": a text status);
// {"command":"send-media","to","kind":"image|ptt|document","file":PATH,"mimetype"?,"caption"?,"fileName"?} sends a
// media message (Baileys encrypts and uploads it to a host from media_conn; trust the host's certificate with
// NODE_EXTRA_CA_CERTS), answered by "sent" or "error";
// {"command":"download","id":MESSAGE_ID,"file":PATH} downloads and decrypts a received media message with
// downloadMediaMessage into PATH: {"event":"downloaded","id","file","size"} or {"event":"error",...}.
// App state: {"command":"chat-modify","jid":JID,"mod":{...}} runs sock.chatModify(mod, jid), answered by
// {"event":"chat-modified"} or "error"; {"command":"app-state","name":COLLECTION} answers {"event":"app-state","name",
// "version","hash"} (hex LTHash, version -1 when Baileys holds none) from Baileys' auth state; chats.update events
// are reported as {"event":"chats-update","updates":[{"id","archived","pinned","mute","unreadCount"}]}.
// {"command":"disappearing","jid","seconds"} sets a chat's disappearing timer (a user: sendMessage with
// disappearingMessagesInChat; a group: groupToggleEphemeral), answered by {"event":"disappearing-set"} or "error";
// "send" takes an optional "ephemeralExpiration" (sendMessage's option); message events carry "expiration" (the
// content's contextInfo.expiration) and "ephemeralSetting" (an EPHEMERAL_SETTING's timer, else null).
// are reported as {"event":"chats-update","updates":[{"id","archived","pinned","mute","unreadCount"}]}, labels.edit as
// {"event":"labels-edit","id","name","color","deleted"}, labels.association as {"event":"labels-association",
// "type":"add|remove","labelId","chatId","messageId"}. With WABRIDGE_MEDIA_HOST=host:port, app-state snapshots and
// other downloads Baileys makes from mmg.whatsapp.net go to that host (lib/media-route.mjs).
// {"command":"group-create","subject","participants":[JID..]} creates a group with sock.groupCreate:
// {"event":"group-created","jid","subject","participants":[JID..]}; {"command":"group-participants","jid",
// "action":"add|remove|promote|demote","participants":[JID..]} runs sock.groupParticipantsUpdate:
// {"event":"group-participants-result","jid","action","results":[{"jid","status"}]}; {"command":"group-metadata",
// "jid"} answers {"event":"group-metadata","jid","subject","participants":[{"id","admin"}]}. Baileys' own group events
// are reported as {"event":"group-participants-update","jid","action","participants":[JID..],"author"} and
// {"event":"groups-update","jid","subject","announce","restrict"}; messages carry "participant" (the author in groups).
// Profile: {"command":"profile","op":OP,...} answered by {"event":"profile","op",...} or "error":
// "set-status" {text} runs sock.updateProfileStatus; "fetch-status" {jid} runs sock.fetchStatus ({"status","setAt"});
// "picture-url" {jid,type} runs sock.profilePictureUrl ({"url"}); "on-whatsapp" {phones} runs sock.onWhatsApp
// ({"results":[{jid,exists}]}); "set-picture" {file} sends the iq sock.updateProfilePicture sends, with the (square
// JPEG) file as it is: Baileys' own resize needs sharp or jimp, which an install without scripts lacks.
// Media messages add "media": {"type": "imageMessage"|..., "mimetype", "fileLength", "caption", "fileName",
// "ptt", "url", "directPath"} to their "message" event.
//
// usage: node baileys-link.mjs --baileys baileys7|baileys6 --url ws://host:port/ws/chat --auth DIR
//                              [--pairing-phone DIGITS]
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { silentLogger, stderrLogger } from './lib/logger.mjs';
import './lib/media-route.mjs'; // WABRIDGE_MEDIA_HOST: Baileys' mmg.whatsapp.net downloads go to the simulator

const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`baileys-link.mjs: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!key?.startsWith('--') || value === undefined) fail(`bad arguments: ${argv.join(' ')}`);
    options[key.slice(2)] = value;
  }
  for (const required of ['baileys', 'url', 'auth']) {
    if (!options[required]) fail(`--${required} is required`);
  }
  if (options.baileys !== 'baileys7' && options.baileys !== 'baileys6') fail('--baileys must be baileys7 or baileys6');
  return options;
}

const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const options = parseArgs(process.argv.slice(2));
// Baileys 7 is ESM, Baileys 6 CommonJS; both export makeWASocket and useMultiFileAuthState by name.
const baileys = options.baileys === 'baileys7' ? await import('baileys7') : require('baileys6');
const { makeWASocket, useMultiFileAuthState, downloadMediaMessage } = baileys;
// Received messages by id, for the download command.
const received = new Map();
const MEDIA_TYPES = ['imageMessage', 'videoMessage', 'audioMessage', 'documentMessage', 'stickerMessage'];

// Baileys 6's decoded protobufjs messages answer "" for an absent conversation (the default on the prototype), so
// an extendedTextMessage (what Baileys 7 sends) must not be hidden behind it.
function textOf(content) {
  return content.conversation || content.extendedTextMessage?.text || null;
}

// The disappearing timer a message carries: its content's contextInfo.expiration (inside ephemeralMessage too).
function expirationOf(content) {
  const inner = content.ephemeralMessage?.message ?? content;
  for (const value of Object.values(inner)) {
    const expiration = value?.contextInfo?.expiration;
    if (expiration) return Number(expiration);
  }
  return null;
}

// The timer an EPHEMERAL_SETTING protocol message sets (0 = off), null for other messages.
function ephemeralSettingOf(content) {
  const protocol = (content.ephemeralMessage?.message ?? content).protocolMessage;
  return protocol && protocol.type === 3 ? Number(protocol.ephemeralExpiration ?? 0) : null;
}

function mediaOf(content) {
  const inner = content.documentWithCaptionMessage?.message ?? content;
  for (const type of MEDIA_TYPES) {
    const m = inner[type];
    if (m) {
      return { type, mimetype: m.mimetype ?? null, fileLength: Number(m.fileLength ?? 0), caption: m.caption ?? null,
        fileName: m.fileName ?? null, ptt: !!m.ptt, url: m.url ?? null, directPath: m.directPath ?? null };
    }
  }
  return null;
}
const { state, saveCreds } = await useMultiFileAuthState(options.auth);

let socket;
let ending = false;
let pairingCodeRequested = false;

function statusOf(lastDisconnect) {
  const error = lastDisconnect?.error;
  return error?.output?.statusCode ?? error?.statusCode;
}

// Baileys' own log goes to stderr (BAILEYS_LOG_LEVEL, default debug): the Java side prints its tail with a failure.
const logger = stderrLogger();

function connect() {
  socket = makeWASocket({
    waWebSocketUrl: options.url,
    auth: state,
    logger,
    markOnlineOnConnect: false,
    syncFullHistory: false,
  });
  const current = socket;
  current.ev.on('creds.update', async (update) => {
    await saveCreds();
    emit({ event: 'creds', keys: Object.keys(update), me: state.creds.me?.id ?? null });
  });
  current.ev.on('messages.upsert', ({ messages, type }) => {
    for (const message of messages) {
      const content = message.message ?? {};
      received.set(message.key.id, message);
      emit({
        event: 'message',
        id: message.key.id,
        remoteJid: message.key.remoteJid,
        fromMe: !!message.key.fromMe,
        participant: message.key.participant ?? null,
        text: textOf(content),
        // a protocol stub (a group notification Baileys shows in the chat), not a message a member sent
        stubType: message.messageStubType || null,
        upsert: type,
        // Baileys folds status updates into a message it still holds in its event buffer.
        status: message.status ?? null,
        media: mediaOf(content),
        expiration: expirationOf(content),
        ephemeralSetting: ephemeralSettingOf(content),
      });
    }
  });
  current.ev.on('messaging-history.set', ({ chats, contacts, messages, syncType, progress }) => {
    emit({
      event: 'history',
      syncType: syncType ?? null,
      progress: progress ?? null,
      chats: (chats ?? []).map((c) => ({ id: c.id, name: c.name ?? null, archived: !!c.archived })),
      contacts: (contacts ?? []).map((c) => ({ id: c.id, notify: c.notify ?? null })),
      messages: (messages ?? []).map((m) => ({
        id: m.key.id,
        remoteJid: m.key.remoteJid,
        fromMe: !!m.key.fromMe,
        text: textOf(m.message ?? {}),
      })),
    });
  });
  current.ev.on('chats.update', (updates) => {
    emit({ event: 'chats-update', updates: updates.map((u) => ({ id: u.id, archived: u.archived ?? null,
      pinned: u.pinned ?? null, mute: u.muteEndTime ?? u.mute ?? null, unreadCount: u.unreadCount ?? null })) });

  });
  current.ev.on('labels.edit', (label) => {
    emit({ event: 'labels-edit', id: label.id, name: label.name ?? null, color: label.color ?? null,
      deleted: !!label.deleted });
  });
  current.ev.on('labels.association', ({ type, association }) => {
    emit({ event: 'labels-association', type, labelId: association.labelId, chatId: association.chatId,
      messageId: association.messageId ?? null });
  });
  current.ws.on('CB:receipt', (node) => {
    const { id, from, type, participant } = node.attrs;
    emit({ event: 'receipt', id, from, type: type ?? null, participant: participant ?? null });
  });
  current.ev.on('group-participants.update', ({ id, participants, action, author }) => {
    emit({ event: 'group-participants-update', jid: id, action,
      participants: (participants ?? []).map((p) => (typeof p === 'string' ? p : p.id ?? p.phoneNumber ?? String(p))),
      author: author ?? null });
  });
  current.ev.on('groups.update', (updates) => {
    for (const u of updates) {
      emit({ event: 'groups-update', jid: u.id, subject: u.subject ?? null, announce: u.announce ?? null,
        restrict: u.restrict ?? null });
    }
  });
  current.ev.on('call', (calls) => {
    for (const c of calls) {
      emit({ event: 'call', id: c.id, from: c.from ?? null, chatId: c.chatId ?? null, status: c.status,
        isVideo: c.isVideo ?? null, isGroup: c.isGroup ?? null, groupJid: c.groupJid ?? null,
        callerPn: c.callerPn ?? null, offline: c.offline ?? null });
    }
  });
  current.ev.on('blocklist.update', ({ blocklist, type }) => {
    emit({ event: 'blocklist-update', blocklist: blocklist ?? [], type: type ?? null });
  });
  current.ev.on('messages.update', (updates) => {
    for (const { key, update } of updates) {
      if (update.status !== undefined && update.status !== null) {
        emit({ event: 'status', id: key.id, remoteJid: key.remoteJid, status: update.status });
      }
    }
  });
  current.ev.on('connection.update', async (update) => {
    if (update.qr) {
      emit({ event: 'qr', qr: update.qr });
      if (options['pairing-phone'] && !pairingCodeRequested) {
        pairingCodeRequested = true;
        try {
          emit({ event: 'pairing-code', code: await current.requestPairingCode(options['pairing-phone']) });
        } catch (error) {
          emit({ event: 'error', message: `requestPairingCode: ${error.message}` });
        }
      }
    }
    if (update.receivedPendingNotifications) {
      // Baileys holds message events back until the app-state sync key arrives from the phone, which the
      // simulated phone does not send yet; release them, as an application without app-state sync would.
      setImmediate(() => {
        for (let i = 0; i < 16 && current.ev.isBuffering(); i++) current.ev.flush();
      });
    }
    if (!update.connection) return;
    const line = { event: 'connection', state: update.connection };
    if (update.connection === 'close') {
      const code = statusOf(update.lastDisconnect);
      if (code !== undefined) line.code = code;
      line.message = update.lastDisconnect?.error?.message ?? null;
    }
    emit(line);
    if (update.connection !== 'close' || current !== socket) return;
    if (ending) {
      await saveCreds();
      emit({ event: 'ended' });
      process.exit(0);
    }
    if (line.code === 515) {
      emit({ event: 'restart' });
      connect();
      return;
    }
    await saveCreds();
    process.exit(0);
  });
}

async function send({ to, text, ephemeralExpiration, statusJidList, backgroundColor, font }) {
  try {
    // A status: to 'status@broadcast' with its audience (and a text status's colour and font).
    const options = statusJidList ? { statusJidList, backgroundColor, font }
      : ephemeralExpiration ? { ephemeralExpiration } : {};
    const sent = await socket.sendMessage(to, { text }, options);
    emit({ event: 'sent', id: sent.key.id });
  } catch (error) {
    emit({ event: 'error', message: `sendMessage: ${error.message}` });
  }
}

async function sendMedia({ to, kind, file, mimetype, caption, fileName }) {
  let content;
  if (kind === 'image') content = { image: { url: file }, caption, mimetype };
  else if (kind === 'ptt') content = { audio: { url: file }, ptt: true, mimetype: mimetype ?? 'audio/ogg; codecs=opus' };
  else if (kind === 'document') content = { document: { url: file }, mimetype, fileName, caption };
  else {
    emit({ event: 'error', message: `unknown media kind ${kind}` });
    return;
  }
  for (const key of Object.keys(content)) if (content[key] === undefined) delete content[key];
  try {
    const sent = await socket.sendMessage(to, content);
    emit({ event: 'sent', id: sent.key.id, media: mediaOf(sent.message ?? {}) });
  } catch (error) {
    emit({ event: 'error', message: `sendMessage(${kind}): ${error.message}` });
  }
}

async function groupCreate({ subject, participants }) {
  try {
    const meta = await socket.groupCreate(subject, participants);
    emit({ event: 'group-created', jid: meta.id, subject: meta.subject, participants: meta.participants.map((p) => p.id) });
  } catch (error) {
    emit({ event: 'error', message: `groupCreate: ${error.message}` });
  }
}

async function groupParticipants({ jid, action, participants }) {
  try {
    const results = await socket.groupParticipantsUpdate(jid, participants, action);
    emit({ event: 'group-participants-result', jid, action,
      results: results.map((r) => ({ jid: r.jid ?? r.id ?? null, status: String(r.status) })) });
  } catch (error) {
    emit({ event: 'error', message: `groupParticipantsUpdate: ${error.message}` });
  }
}

async function groupMetadata({ jid }) {
  try {
    const meta = await socket.groupMetadata(jid);
    emit({ event: 'group-metadata', jid: meta.id, subject: meta.subject,
      participants: meta.participants.map((p) => ({ id: p.id, admin: p.admin ?? null })) });
  } catch (error) {
    emit({ event: 'error', message: `groupMetadata: ${error.message}` });
  }
}

async function rejectCall({ id, from }) {
  try {
    await socket.rejectCall(id, from);
    emit({ event: 'call-rejected', id });
  } catch (error) {
    emit({ event: 'error', message: `rejectCall: ${error.message}` });
  }
}

async function disappearing({ jid, seconds }) {
  try {
    if (jid.endsWith('@g.us')) await socket.groupToggleEphemeral(jid, seconds);
    else await socket.sendMessage(jid, { disappearingMessagesInChat: seconds });
    emit({ event: 'disappearing-set', jid, seconds });
  } catch (error) {
    emit({ event: 'error', message: `disappearing: ${error.message}` });
  }
}

async function blockStatus({ jid, action }) {
  try {
    await socket.updateBlockStatus(jid, action);
    emit({ event: 'block-status', jid, action });
  } catch (error) {
    emit({ event: 'error', message: `updateBlockStatus: ${error.message}` });
  }
}

async function fetchBlocklist() {
  try {
    emit({ event: 'blocklist', jids: await socket.fetchBlocklist() });
  } catch (error) {
    emit({ event: 'error', message: `fetchBlocklist: ${error.message}` });
  }
}

async function readReceiptsPrivacy({ value }) {
  try {
    await socket.updateReadReceiptsPrivacy(value);
    emit({ event: 'privacy-updated', name: 'readreceipts', value });
  } catch (error) {
    emit({ event: 'error', message: `updateReadReceiptsPrivacy: ${error.message}` });
  }
}

async function fetchPrivacy() {
  try {
    emit({ event: 'privacy', settings: await socket.fetchPrivacySettings(true) });
  } catch (error) {
    emit({ event: 'error', message: `fetchPrivacySettings: ${error.message}` });
  }
}

async function download({ id, file }) {
  const message = received.get(id);
  if (!message) {
    emit({ event: 'error', message: `no received message ${id}` });
    return;
  }
  try {
    const buffer = await downloadMediaMessage(message, 'buffer', {},
      { logger: silentLogger, reuploadRequest: socket.updateMediaMessage });
    writeFileSync(file, buffer);
    emit({ event: 'downloaded', id, file, size: buffer.length });
  } catch (error) {
    emit({ event: 'error', message: `downloadMediaMessage: ${error.message}` });
  }
}

async function chatModify({ jid, mod }) {
  try {
    await socket.chatModify(mod, jid);
    emit({ event: 'chat-modified', jid });
  } catch (error) {
    emit({ event: 'error', message: `chatModify: ${error.message}` });
  }
}

async function appState({ name }) {
  try {
    const found = (await state.keys.get('app-state-sync-version', [name]))[name];
    emit({ event: 'app-state', name, version: found ? Number(found.version) : -1,
      hash: found ? Buffer.from(found.hash).toString('hex') : null });
  } catch (error) {
    emit({ event: 'error', message: `app-state: ${error.message}` });
  }
}

async function profile(parsed) {
  const { op } = parsed;
  try {
    if (op === 'set-status') {
      await socket.updateProfileStatus(parsed.text);
      emit({ event: 'profile', op });
    } else if (op === 'fetch-status') {
      const list = (await socket.fetchStatus(parsed.jid)) ?? [];
      const found = list.find((r) => r.id === parsed.jid) ?? list[0];
      emit({ event: 'profile', op, jid: found?.id ?? null, status: found?.status?.status ?? null,
        setAt: found?.status?.setAt ? found.status.setAt.getTime() : null });
    } else if (op === 'picture-url') {
      const url = await socket.profilePictureUrl(parsed.jid, parsed.type ?? 'preview');
      emit({ event: 'profile', op, url: url ?? null });
    } else if (op === 'on-whatsapp') {
      const results = (await socket.onWhatsApp(...parsed.phones)) ?? [];
      emit({ event: 'profile', op, results: results.map((r) => ({ jid: r.jid, exists: !!r.exists })) });
    } else if (op === 'set-picture') {
      await socket.query({ tag: 'iq', attrs: { to: 's.whatsapp.net', type: 'set', xmlns: 'w:profile:picture' },
        content: [{ tag: 'picture', attrs: { type: 'image' }, content: readFileSync(parsed.file) }] });
      emit({ event: 'profile', op });
    } else {
      emit({ event: 'error', message: `unknown profile op ${op}` });
    }
  } catch (error) {
    emit({ event: 'error', message: `profile ${op}: ${error.message}` });
  }
}

// {"command":"call","method":NAME,"args":[...]} awaits socket[NAME](...args) (e.g. newsletterFollow):
// {"event":"called","method","result"} or {"event":"error",...}.
async function call({ method, args }) {
  try {
    const result = await socket[method](...(args ?? []));
    emit({ event: 'called', method, result: result ?? null });
  } catch (error) {
    emit({ event: 'error', message: `${method}: ${error.message}` });
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  if (command === 'end') {
    ending = true;
    socket.end(undefined);
  } else if (command.startsWith('{')) {
    const parsed = JSON.parse(command);
    if (parsed.command === 'send') send(parsed);
    else if (parsed.command === 'send-media') sendMedia(parsed);
    else if (parsed.command === 'download') download(parsed);
    else if (parsed.command === 'chat-modify') chatModify(parsed);
    else if (parsed.command === 'app-state') appState(parsed);
    else if (parsed.command === 'group-create') groupCreate(parsed);
    else if (parsed.command === 'group-participants') groupParticipants(parsed);
    else if (parsed.command === 'group-metadata') groupMetadata(parsed);
    else if (parsed.command === 'profile') profile(parsed);
    else if (parsed.command === 'call') call(parsed);
    else if (parsed.command === 'reject-call') rejectCall(parsed);
    else if (parsed.command === 'block-status') blockStatus(parsed);
    else if (parsed.command === 'disappearing') disappearing(parsed);
    else if (parsed.command === 'fetch-blocklist') fetchBlocklist();
    else if (parsed.command === 'read-receipts-privacy') readReceiptsPrivacy(parsed);
    else if (parsed.command === 'fetch-privacy') fetchPrivacy();
    else emit({ event: 'error', message: `unknown command ${parsed.command}` });
  }
});

connect();
