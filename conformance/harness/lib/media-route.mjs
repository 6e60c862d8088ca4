// Routes Baileys' downloads from WhatsApp's fixed media host to our simulator's media server. Baileys 7 downloads
// app-state snapshots and external patch blobs from https://mmg.whatsapp.net + directPath (it does not take the
// host from media_conn for them), which a simulator cannot be. With WABRIDGE_MEDIA_HOST=host:port set, every fetch
// of an https URL on mmg.whatsapp.net goes to that host with the same path and query instead (trust its
// certificate with NODE_EXTRA_CA_CERTS). Baileys' code is not touched: Baileys 7 calls the global fetch, which this
// module wraps when imported. Without the variable nothing changes. Baileys 6 downloads with axios: not routed.
const target = process.env.WABRIDGE_MEDIA_HOST;
const FIXED_HOST = 'mmg.whatsapp.net';

if (target) {
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : null;
    if (href !== null) {
      const url = new URL(href);
      if (url.protocol === 'https:' && url.hostname === FIXED_HOST) {
        url.host = target;
        process.stderr.write(`media-route: ${FIXED_HOST}${url.pathname} -> ${target}\n`);
        return original(url.href, init);
      }
    }
    return original(input, init);
  };
}
