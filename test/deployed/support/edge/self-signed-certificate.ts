import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalCertificate {
  /** The CA's certificate (PEM file): what a process must trust (NODE_EXTRA_CA_CERTS). */
  caFile: string;
  key: string;
  cert: string;
}

/**
 * A throw-away CA and a server certificate it signed for one host name, made with the openssl command line
 * (Node's crypto cannot issue certificates). A separate CA keeps the server certificate an ordinary leaf, which
 * every TLS stack accepts. The name is in the subjectAltName only (a CN holds at most 64 characters).
 */
export function issueLocalCertificate(hostName: string): LocalCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'edge-tls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '7', '-subj', '/CN=Deployed tier local CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=CloudFormation response endpoint');
  writeFileSync(file('server.ext'), `subjectAltName=DNS:${hostName}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '7',
    '-extfile', file('server.ext'), '-out', file('server.pem'));
  return { caFile: file('ca.pem'), key: readFileSync(file('server.key'), 'utf8'), cert: readFileSync(file('server.pem'), 'utf8') };
}
