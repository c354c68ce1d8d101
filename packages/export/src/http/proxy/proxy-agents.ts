import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { ProxyEndpoint } from './proxy-endpoint';
import { connectToProxy, openTunnel } from './tunnel';

type Callback = (error: Error | null, stream: Duplex) => void;
/** What Node's agent hands createConnection: the request's and the agent's options merged (TLS ones included). */
type ConnectOptions = http.ClientRequestArgs & tls.ConnectionOptions;

/**
 * An https agent whose sockets are TLS sessions to the collector inside CONNECT tunnels through the proxy. The TLS
 * options (CA, client certificate and key, servername) are the collector's, exactly as without a proxy. Node's
 * pool keeps each tunnel as a keep-alive socket: one CONNECT per socket, not per request.
 */
export class TunnelingAgent extends https.Agent {
  constructor(
    private readonly proxy: ProxyEndpoint,
    private readonly tunnelTimeoutMillis: number,
    options: https.AgentOptions,
  ) {
    super(options);
  }

  // Node's Agent takes the socket from the callback when createConnection returns nothing.
  override createConnection(options: ConnectOptions, callback?: Callback): undefined {
    const port = Number(options.port) || 443;
    const host = options.host ?? options.hostname ?? 'localhost';
    openTunnel(this.proxy, host, port, this.tunnelTimeoutMillis).then(
      (socket) => callback?.(null, tls.connect({ ...options, socket })),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/**
 * An http agent that sends each request to the proxy in absolute form (`POST http://collector:4318/v1/traces`),
 * the way every forward proxy accepts plain-http requests (many allow CONNECT only to port 443). Sockets go to
 * the proxy and are kept alive like any.
 */
export class ForwardingAgent extends http.Agent {
  constructor(
    private readonly proxy: ProxyEndpoint,
    options: http.AgentOptions,
  ) {
    super(options);
  }

  // The request line is written at the first body write, after this: the path can still change.
  addRequest(request: http.ClientRequest, options: http.ClientRequestArgs): void {
    const host = options.host ?? options.hostname ?? 'localhost';
    const authority = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    const port =
      options.port !== undefined && String(options.port) !== '80' ? `:${options.port}` : '';
    request.path = `http://${authority}${port}${request.path}`;
    if (this.proxy.authorization)
      request.setHeader('proxy-authorization', this.proxy.authorization);
    const toProxy = {
      ...options,
      host: this.proxy.hostname,
      hostname: this.proxy.hostname,
      port: this.proxy.port,
    };
    (
      http.Agent.prototype as unknown as { addRequest(r: unknown, o: unknown): void }
    ).addRequest.call(this, request, toProxy);
  }

  override createConnection(
    options: http.ClientRequestArgs,
    callback?: Callback,
  ): Duplex | null | undefined {
    return this.proxy.tls ? connectToProxy(this.proxy) : super.createConnection(options, callback);
  }
}
