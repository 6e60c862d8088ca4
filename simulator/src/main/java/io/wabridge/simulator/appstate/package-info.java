/**
 * App-state sync on the server side, mirroring {@code io.wabridge.client.appstate}: per account the five
 * collections with their patches, versions, live records and real LTHash; the primary phone's sync key, shared with
 * each companion when it logs in; {@code w:sync:app:state} fetches (patches in pages, snapshots as media blobs) and
 * patches from companions (server versioning: a patch on an old version gets 409); {@code server_sync}
 * notifications to the account's other devices; the phone's own chat changes for tests and the control API.
 */
package io.wabridge.simulator.appstate;
