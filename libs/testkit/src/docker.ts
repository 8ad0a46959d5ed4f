import http from 'node:http';
import { existsSync } from 'node:fs';

/**
 * True only when a Docker engine answers `/_ping` within a second. It never runs the docker
 * client, which on machines with a client but no engine can wait a long time.
 */
export function dockerEngineAnswers(options: { dockerHost?: string | undefined; timeoutMs?: number } = {}): Promise<boolean> {
  const host = options.dockerHost;
  const timeoutMs = options.timeoutMs ?? 1000;
  let target: http.RequestOptions;
  if (host?.startsWith('tcp://')) {
    const url = new URL(host.replace('tcp://', 'http://'));
    target = { host: url.hostname, port: Number(url.port || 2375) };
  } else {
    const socketPath = host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock';
    if (!existsSync(socketPath)) return Promise.resolve(false);
    target = { socketPath };
  }
  return new Promise((resolve) => {
    // One deadline for the whole exchange: a peer that accepts and then says nothing (or
    // trickles) must not hold us past it.
    const deadline = setTimeout(() => {
      req.destroy();
      resolve(false);
    }, timeoutMs);
    const req = http.request({ ...target, path: '/_ping', method: 'GET' }, (res) => {
      res.resume();
      clearTimeout(deadline);
      resolve(res.statusCode === 200);
    });
    req.once('error', () => {
      clearTimeout(deadline);
      resolve(false);
    });
    req.end();
  });
}

export interface StartedContainer {
  url: string;
  stop(): Promise<void>;
}

/** Starts one of the three servers as a container (only called when an engine answers). */
export async function startContainer(kind: 'mongo' | 'nats' | 'redis'): Promise<StartedContainer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const spec = {
    mongo: {
      image: 'mongo:7',
      port: 27017,
      command: [] as string[],
      scheme: 'mongodb',
      wait: Wait.forLogMessage(/Waiting for connections/),
    },
    nats: { image: 'nats:2.10', port: 4222, command: ['-js'], scheme: 'nats', wait: Wait.forLogMessage(/Server is ready/) },
    redis: {
      image: 'redis:7',
      port: 6379,
      command: [] as string[],
      scheme: 'redis',
      wait: Wait.forLogMessage(/Ready to accept connections/),
    },
  }[kind];
  const container = await new GenericContainer(spec.image)
    .withExposedPorts(spec.port)
    .withCommand(spec.command)
    .withWaitStrategy(spec.wait)
    .start();
  return {
    url: `${spec.scheme}://${container.getHost()}:${container.getMappedPort(spec.port)}${kind === 'mongo' ? '/' : ''}`,
    stop: async () => {
      await container.stop();
    },
  };
}
