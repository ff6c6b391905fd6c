import { describe, expect, it } from 'vitest';
import { parseHost } from '../../shared/tenancy/host';

describe('parseHost', () => {
  it('maps the apex and admin.<apex> to the superadmin', () => {
    expect(parseHost('localhost:3000', 'localhost')).toEqual({ kind: 'apex' });
    expect(parseHost('admin.orchestra.example.com', 'orchestra.example.com')).toEqual({ kind: 'apex' });
  });

  it('maps <subdomain>.<apex> to that orchestra, ignoring port and case', () => {
    expect(parseHost('Demo.LocalHost:3000', 'localhost')).toEqual({ kind: 'orchestra', subdomain: 'demo' });
    expect(parseHost('uppsala-kammar.orchestra.example.com', 'orchestra.example.com')).toEqual({ kind: 'orchestra', subdomain: 'uppsala-kammar' });
  });

  it('refuses hosts that are not ours or not a valid subdomain', () => {
    expect(parseHost('evil.example.net', 'localhost')).toEqual({ kind: 'foreign' });
    expect(parseHost('a.b.localhost', 'localhost')).toEqual({ kind: 'foreign' });
    expect(parseHost('x.localhost', 'localhost')).toEqual({ kind: 'foreign' }); // shorter than 2 characters
    expect(parseHost(undefined, 'localhost')).toEqual({ kind: 'foreign' });
    expect(parseHost('notlocalhost', 'localhost')).toEqual({ kind: 'foreign' });
  });
});
