#!/usr/bin/env node
// The end-to-end tests need Debian's Chromium (no browser can be downloaded here), CJK fonts
// (or Chinese renders as boxes) and the real tcpdump (to read the pcaps the emulator writes).
// As root, install what is missing; otherwise say exactly what to install and fail.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PACKAGES = ['chromium', 'fonts-noto-cjk', 'tcpdump'];

function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function present(pkg) {
  if (pkg === 'chromium') return existsSync('/usr/bin/chromium');
  if (pkg === 'tcpdump') return existsSync('/usr/bin/tcpdump') || existsSync('/usr/sbin/tcpdump');
  return installed(pkg);
}

const missing = PACKAGES.filter((p) => !present(p));
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`Missing system packages: ${missing.join(', ')}. Install them with:`);
  console.log(`apt-get install -y ${PACKAGES.join(' ')}`);
  process.exit(1);
}

console.error(`Installing missing system packages: ${missing.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit', env });
} catch {
  console.error('apt-get failed; install them by hand:');
  console.log(`apt-get install -y ${PACKAGES.join(' ')}`);
  process.exit(1);
}
const still = PACKAGES.filter((p) => !present(p));
if (still.length > 0) {
  console.error(`Still missing after apt-get: ${still.join(', ')}`);
  process.exit(1);
}
