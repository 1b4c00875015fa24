import { ConnectionCaps } from './connection-caps';
import { EventEmitter } from 'node:events';

describe('ConnectionCaps', () => {
  it('refuses a client over its own cap, then everyone over the total, and frees slots on close', () => {
    const caps = new ConnectionCaps({ perClient: 2, total: 3 });
    expect([caps.take('a'), caps.take('a'), caps.take('a')]).toEqual([undefined, undefined, 'client']);
    expect([caps.take('b'), caps.take('c')]).toEqual([undefined, 'total']);
    const socket = new EventEmitter();
    caps.release('a');
    expect(caps.take('c')).toBeUndefined();
    caps.holdUntilClosed('c', socket);
    socket.emit('close');
    socket.emit('close');
    expect(caps.total).toBe(2);
    expect(caps.take('d')).toBeUndefined();
    expect(caps.take('e')).toBe('total');
  });
});
