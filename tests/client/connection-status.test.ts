import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionMonitor, type ConnectionState } from '../../client/src/lib/connection-status';

/** A monitor on a fake window, with a probe that answers what `serverUp` says, and the states it went through. */
function monitorFor(options: { online?: boolean } = {}) {
  const target = new EventTarget();
  const world = { serverUp: false, probes: 0 };
  const monitor = new ConnectionMonitor({
    target: target as unknown as Window,
    isBrowserOnline: () => options.online ?? true,
    probe: async () => {
      world.probes++;
      return world.serverUp;
    },
    random: () => 0.5,
  });
  const seen: ConnectionState[] = [];
  monitor.subscribe((state) => seen.push(state));
  return { monitor, world, seen, fire: (event: 'online' | 'offline') => target.dispatchEvent(new Event(event)) };
}

describe('ConnectionMonitor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("follows the browser's online and offline events", async () => {
    const { monitor, seen, fire, world } = monitorFor({ online: false });
    expect(monitor.state()).toBe('offline');
    world.serverUp = true;
    fire('online');
    expect(monitor.state()).toBe('online');
    fire('offline');
    expect(seen).toEqual(['online', 'offline']);
    // Offline, nothing is probed: the network is known to be gone.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(world.probes).toBe(0);
  });

  it('marks the server unreachable when a request fails, probes it with back-off and is online again when it answers', async () => {
    const { monitor, world, seen } = monitorFor();
    const failing = monitor.watchFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(failing('/graphql')).rejects.toThrow('Failed to fetch');
    expect(monitor.state()).toBe('unreachable');
    await vi.advanceTimersByTimeAsync(10_000);
    const probesWhileDown = world.probes;
    expect(probesWhileDown).toBeGreaterThanOrEqual(3);
    // Back-off: the next ten seconds see fewer probes than the first ten, at most one per 5 s.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(world.probes - probesWhileDown).toBeLessThanOrEqual(2);
    expect(world.probes - probesWhileDown).toBeGreaterThanOrEqual(1);
    world.serverUp = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(monitor.state()).toBe('online');
    expect(seen).toEqual(['unreachable', 'online']);
    const probes = world.probes;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(world.probes).toBe(probes);
  });

  it("slows down when the probe answers but the app's own requests keep failing (no spinning)", async () => {
    const { monitor, world, seen } = monitorFor();
    world.serverUp = true;
    const failing = monitor.watchFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    // What a page does: each time the connection is back it retries, and its request fails again.
    monitor.subscribe((state) => {
      if (state === 'online') void failing('/graphql').catch(() => undefined);
    });
    await failing('/graphql').catch(() => undefined);
    await vi.advanceTimersByTimeAsync(30_000);
    const rounds = seen.filter((state) => state === 'online').length;
    expect(rounds).toBeGreaterThanOrEqual(4);
    await vi.advanceTimersByTimeAsync(30_000);
    // At the 5 s ceiling: six rounds at most in the next 30 s.
    expect(seen.filter((state) => state === 'online').length - rounds).toBeLessThanOrEqual(6);
  });

  it('learns from HTTP answers: a proxy gateway error means unreachable, any other answer reachable; an aborted request says nothing', async () => {
    const { monitor } = monitorFor();
    await monitor.watchFetch(async () => new Response('bad gateway', { status: 502 }))('/graphql');
    expect(monitor.state()).toBe('unreachable');
    await monitor.watchFetch(async () => new Response('{}', { status: 400 }))('/graphql');
    expect(monitor.state()).toBe('online');
    const controller = new AbortController();
    controller.abort();
    await expect(monitor.watchFetch(() => Promise.reject(new DOMException('aborted', 'AbortError')))('/graphql', { signal: controller.signal })).rejects.toThrow();
    expect(monitor.state()).toBe('online');
  });

  it('takes a websocket closed by the server going away as unreachable, but not our own closes or an expired token', () => {
    const { monitor } = monitorFor();
    for (const code of [1000, 4499, 4403, 4400, undefined]) {
      monitor.socketClosed(code);
      expect(monitor.state()).toBe('online');
    }
    monitor.socketClosed(1001);
    expect(monitor.state()).toBe('unreachable');
    monitor.reachable();
    monitor.socketClosed(1006);
    expect(monitor.state()).toBe('unreachable');
  });

  it('check() asks the server: only a failed probe makes it unreachable', async () => {
    const { monitor, world } = monitorFor();
    world.serverUp = true;
    monitor.check();
    await vi.advanceTimersByTimeAsync(0);
    expect(monitor.state()).toBe('online');
    world.serverUp = false;
    monitor.check();
    await vi.advanceTimersByTimeAsync(0);
    expect(monitor.state()).toBe('unreachable');
  });

  it('back on the network, probes at once a server it could not reach', async () => {
    const { monitor, world, fire } = monitorFor();
    monitor.socketClosed(1006);
    fire('offline');
    expect(monitor.state()).toBe('offline');
    world.serverUp = true;
    const probes = world.probes;
    fire('online');
    await vi.advanceTimersByTimeAsync(0);
    expect(world.probes).toBe(probes + 1);
    expect(monitor.state()).toBe('online');
  });
});
