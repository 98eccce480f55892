// Where kubehop reaches a machine, as operators write it: `host`, `host:port`, `[v6]`, `[v6]:port`
// or a bare IPv6 address. Shared by --ssh-host and --spare-host.

/** Splits an endpoint without user@: the port is left as text for the caller to judge. */
export function splitHostPort(text: string): { host: string; port?: string } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) return { host: bracketed[1] ?? '', ...(bracketed[2] !== undefined && { port: bracketed[2] }) };
  const colons = text.split(':').length - 1;
  if (colons === 0) return { host: text };
  if (colons === 1) {
    const [host = '', port = ''] = text.split(':');
    return { host, port };
  }
  return { host: text };
}

export type EndpointParse = { readonly ok: true; readonly host: string; readonly port?: number } | { readonly ok: false; readonly error: string };

/** `ADDRESS[:PORT]` checked: a host name or IP address without spaces, @ or /, and a port of 1-65535. */
export function parseEndpoint(text: string): EndpointParse {
  const split = splitHostPort(text);
  if (!split || split.host === '') return { ok: false, error: 'no address' };
  if (/[\s@/]/.test(split.host)) return { ok: false, error: `"${split.host}" is not a host name or IP address` };
  if (split.port === undefined) return { ok: true, host: split.host };
  const port = Number(split.port);
  if (!/^\d+$/.test(split.port) || port < 1 || port > 65535) return { ok: false, error: `port "${split.port}" is not 1-65535` };
  return { ok: true, host: split.host, port };
}
