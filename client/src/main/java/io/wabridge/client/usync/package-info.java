/** Device lists: the usync query, which devices get a copy of a message, the per-account cache and its invalidation. */
package io.wabridge.client.usync;
