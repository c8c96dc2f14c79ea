import net from 'node:net'

/**
 * A TCP proxy between the app and PostgreSQL that a test can break the way networks and servers break:
 * refuse new connections (nothing listens), drop the open ones (RST), or freeze (connections stay open but
 * no byte moves, like a stopped server or a partitioned network). `resume` heals all three.
 */
export interface TcpProxy {
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url: string
  /** Stops listening and drops every open connection: connecting fails at once with ECONNREFUSED. */
  refuse(): Promise<void>
  /** Drops every open connection; new ones are still accepted. */
  drop(): void
  /** Keeps every connection (and new ones) open but forwards nothing until `resume`. */
  freeze(): void
  /** Forwards again: listens if it stopped, and delivers what was held back while frozen. */
  resume(): Promise<void>
  close(): Promise<void>
}

interface Pair {
  client: net.Socket
  server: net.Socket
  /** Bytes held back while frozen, per direction, delivered in order on resume. */
  held: { toServer: Buffer[]; toClient: Buffer[] }
}

export async function startTcpProxy(databaseUrl: string): Promise<TcpProxy> {
  const target = new URL(databaseUrl)
  const pairs = new Set<Pair>()
  let frozen = false

  const forward = (pair: Pair, direction: 'toServer' | 'toClient', chunk: Buffer) => {
    if (frozen) pair.held[direction].push(chunk)
    else (direction === 'toServer' ? pair.server : pair.client).write(chunk)
  }

  const listener = net.createServer((client) => {
    const server = net.connect({ host: target.hostname, port: Number(target.port) })
    const pair: Pair = { client, server, held: { toServer: [], toClient: [] } }
    pairs.add(pair)
    client.on('data', (chunk) => forward(pair, 'toServer', chunk))
    server.on('data', (chunk) => forward(pair, 'toClient', chunk))
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      server.destroy()
    }
    client.on('close', end)
    server.on('close', end)
    client.on('error', end)
    server.on('error', end)
  })

  const listen = (port = 0) =>
    new Promise<number>((resolve, reject) => {
      listener.once('error', reject)
      listener.listen(port, '127.0.0.1', () => {
        listener.off('error', reject)
        resolve((listener.address() as net.AddressInfo).port)
      })
    })
  const port = await listen()

  const dropAll = () => {
    for (const pair of pairs) {
      // resetAndDestroy sends RST, as a crashed server or a middlebox timing out would.
      pair.client.resetAndDestroy()
      pair.server.destroy()
    }
    pairs.clear()
  }

  const url = new URL(databaseUrl)
  url.hostname = '127.0.0.1'
  url.port = String(port)

  return {
    url: url.toString(),
    async refuse() {
      // close() waits for open connections, so drop them first; its callback fires once nothing is left.
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()))
      dropAll()
      await closed
    },
    drop: dropAll,
    freeze() {
      frozen = true
    },
    async resume() {
      frozen = false
      for (const pair of pairs) {
        for (const chunk of pair.held.toServer.splice(0)) pair.server.write(chunk)
        for (const chunk of pair.held.toClient.splice(0)) pair.client.write(chunk)
      }
      if (!listener.listening) await listen(port)
    },
    async close() {
      frozen = false
      const closed = listener.listening ? new Promise<void>((resolve) => listener.close(() => resolve())) : Promise.resolve()
      dropAll()
      await closed
    },
  }
}
