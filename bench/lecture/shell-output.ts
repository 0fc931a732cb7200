// What a teacher's shell prints in a synthetic class (bench/lecture.ts): a command typed by hand
// (echoed key by key at a human pace, a typo now and then corrected with Backspace) and the real
// kind of output it answers with (ls, ps, ldd, openssl, compiler logs, a long dmesg or find),
// cut into the chunks a pty delivers, as cast events on a session's clock.

import type { CastEvent } from '../../common/asciicast.js';

export type Random = () => number;

/** The commands a synthetic class types by hand, each with what it prints. */
export const COMMANDS = {
  'uname -a': () => 'Linux tp-virt 6.12.48+deb13-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.12.48-1 (2025-09-20) x86_64 GNU/Linux\r\n',
  'dmesg --color=always': dmesg,
  'systemctl list-units --type=service --no-pager': services,
  'ls -la /boot': lsBoot,
  'ps aux': psAux,
  'ps -ef --forest | head -60': (next: Random) => psAux(next).split('\r\n').slice(0, 60).join('\r\n') + '\r\n',
  'ldd /usr/bin/ssh': () => LDD_SSH,
  'ldd /usr/bin/python3': () => LDD_PYTHON,
  'make': makeLog,
  'find /usr/lib -name "*.so*"': findSo,
  'ls -la --color=always /etc': lsEtc,
  'id': () => 'uid=1000(prof) gid=1000(prof) groupes=1000(prof),24(cdrom),27(sudo),100(users)\r\n',
  'ls -laR --color=always /etc | head -2000': lsRecursive,
  'sha256sum /usr/bin/*': sha256,
  'journalctl -b --no-pager | tail -1500': journal,
  'cat /etc/ssl/certs/ca-certificates.crt': caBundle,
  'openssl x509 -in cert.pem -text -noout': x509Text,
  'openssl rsa -in key.pem -text -noout': rsaText,
} satisfies Record<string, (next: Random) => string>;

export type Command = keyof typeof COMMANDS;

const hex = (next: Random, n: number) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join('');
const pick = <T>(next: Random, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const pad = (value: string | number, width: number) => String(value).padStart(width);

/**
 * `command` typed at `start` (seconds of the session's clock) after `prompt`: keys 60-400 ms apart
 * (a typo every ~40 keys, seen, erased, typed again), Enter, the output in pty-sized chunks,
 * the prompt back. Returns the events and when the prompt came back.
 */
export function typeCommand(next: Random, start: number, command: Command, prompt: string): { events: CastEvent[]; end: number } {
  const events: CastEvent[] = [];
  let time = start;
  const out = (data: string, gap: number) => {
    time += gap;
    events.push({ time: round(time), code: 'o', data });
  };
  for (const char of command) {
    if (next() < 0.025) {
      out(pick(next, ['a', 'z', 'e', 's', 'l', ';']), humanKey(next));
      out('\b\x1b[K', 0.25 + next() * 0.4);
    }
    out(char, humanKey(next));
  }
  out('\r\n\x1b[?2004l\r', 0.3 + next() * 0.8);
  const output = COMMANDS[command](next);
  // A burst as a pty gives it: up to 4 kB per read, a few ms apart (a disk-bound find slower).
  const slow = /^(find|sha256sum|ls -laR)/.test(command);
  let first = true;
  for (let at = 0; at < output.length; at += 4096) {
    out(output.slice(at, at + 4096), first ? 0.01 + next() * 0.2 : (slow ? 0.02 : 0.001) + next() * (slow ? 0.08 : 0.004));
    first = false;
  }
  out(prompt, 0.002 + next() * 0.01);
  return { events, end: time };
}

function humanKey(next: Random): number {
  // Log-normal around 140 ms, as people type a command they know.
  const gaussian = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Math.min(0.4, Math.max(0.06, 0.14 * Math.exp(0.35 * gaussian)));
}

export function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

function dmesg(next: Random): string {
  const sources = ['usb 1-1', 'ACPI', 'pci 0000:00:1f.2', 'EXT4-fs (sda1)', 'audit', 'systemd[1]', 'e1000e 0000:00:19.0 eno1', 'virtio_net virtio0', 'kvm', 'nvme nvme0', 'input', 'snd_hda_intel 0000:00:1b.0', 'Bluetooth', 'rfkill', 'i915 0000:00:02.0'];
  const messages = ['new high-speed USB device number 3 using xhci_hcd', 'Core revision 20240827', 'mounted filesystem 7d2e with ordered data mode. Quota mode: none.', 'type=1400 audit(1733561021.118:42): apparmor="STATUS" operation="profile_load"', 'Started systemd-udevd.service - Rule-based Manager for Device Events and Files.', 'NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx', 'enabling device (0000 -> 0003)', 'VMX supported, SMX disabled', '8/0/0 default/read/poll queues', 'Power Button as /devices/LNXSYSTM:00/LNXPWRBN:00/input/input2', 'bound to i915 (ops i915_hdcp_ops)', 'HCI device and connection manager initialized'];
  let text = '';
  const lines = 1800 + Math.floor(next() * 600);
  for (let i = 0; i < lines; i++) {
    const time = (i * 0.0137 + next() * 0.01).toFixed(6);
    const source = pick(next, sources);
    const warn = next() < 0.05;
    text += `\x1b[32m[${pad(time, 12)}] \x1b[0m\x1b[33m${source}: \x1b[0m${warn ? '\x1b[1m\x1b[31m' : ''}${pick(next, messages)}${warn ? '\x1b[0m' : ''}\r\n`;
  }
  return text;
}

function services(next: Random): string {
  const names = ['apparmor', 'cron', 'dbus', 'getty@tty1', 'networking', 'ssh', 'systemd-journald', 'systemd-logind', 'systemd-udevd', 'systemd-timesyncd', 'user@1000', 'polkit', 'rsyslog', 'udisks2', 'NetworkManager', 'cups', 'avahi-daemon', 'ModemManager', 'wpa_supplicant', 'bluetooth'];
  const rows = names.map((name) => `  ${`${name}.service`.padEnd(34)} loaded active ${next() < 0.8 ? 'running' : 'exited '} ${name} service\r\n`);
  return `  UNIT                               LOAD   ACTIVE SUB     DESCRIPTION\r\n${rows.join('')}\r\nLOAD   = Reflects whether the unit definition was properly loaded.\r\n${names.length} loaded units listed.\r\n`;
}

function lsBoot(): string {
  return ['total 98432', 'drwxr-xr-x  4 root root     4096 sept. 22 10:12 .', 'drwxr-xr-x 18 root root     4096 sept. 22 10:10 ..', '-rw-r--r--  1 root root   283845 sept. 20 16:31 config-6.12.48+deb13-amd64', 'drwxr-xr-x  5 root root     4096 sept. 22 10:12 grub', '-rw-r--r--  1 root root 71256921 sept. 22 10:12 initrd.img-6.12.48+deb13-amd64', '-rw-r--r--  1 root root       83 sept. 20 16:31 System.map-6.12.48+deb13-amd64', '-rw-r--r--  1 root root 10834880 sept. 20 16:31 vmlinuz-6.12.48+deb13-amd64'].join('\r\n') + '\r\n';
}

function psAux(next: Random): string {
  const commands = ['/sbin/init', '[kthreadd]', '[rcu_gp]', '[kworker/0:1H-kblockd]', '/lib/systemd/systemd-journald', '/lib/systemd/systemd-udevd', '/usr/sbin/cron -f', '/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation', '/usr/sbin/sshd -D', 'sshd: prof [priv]', '-bash', '/usr/lib/firefox-esr/firefox-esr', '/usr/lib/firefox-esr/firefox-esr -contentproc -childID 3 -isForBrowser -prefsLen 31290', 'node bin/livedeck.js dev slides/virtualisation.md', '/bin/bash --noprofile --norc', 'sleep 1000', 'bash compteur.sh', '/usr/bin/pipewire', '/usr/libexec/gvfsd', '[ksoftirqd/1]', '[migration/1]', '[idle_inject/0]'];
  let text = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\r\n';
  const count = 160 + Math.floor(next() * 60);
  for (let pid = 1, i = 0; i < count; i++, pid += 1 + Math.floor(next() * 40)) {
    const user = pid < 800 ? 'root' : pick(next, ['root', 'prof', 'prof', 'message+', 'systemd+']);
    text += `${user.padEnd(8)} ${pad(pid, 7)} ${pad((next() * 3).toFixed(1), 4)} ${pad((next() * 2).toFixed(1), 4)} ${pad(Math.floor(next() * 400000), 6)} ${pad(Math.floor(next() * 90000), 5)} ${pick(next, ['?       ', 'pts/0   ', 'pts/1   '])} ${pick(next, ['Ss  ', 'S   ', 'I<  ', 'Sl  ', 'R+  ', 'S+  '])} 09:${String(Math.floor(next() * 60)).padStart(2, '0')}   0:0${Math.floor(next() * 9)} ${pick(next, commands)}\r\n`;
  }
  return text;
}

const LDD_SSH = [
  '\tlinux-vdso.so.1 (0x00007ffd1b5f2000)',
  '\tlibselinux.so.1 => /lib/x86_64-linux-gnu/libselinux.so.1 (0x00007f1c4e0a1000)',
  '\tlibgssapi_krb5.so.2 => /lib/x86_64-linux-gnu/libgssapi_krb5.so.2 (0x00007f1c4e04e000)',
  '\tlibcrypto.so.3 => /lib/x86_64-linux-gnu/libcrypto.so.3 (0x00007f1c4da00000)',
  '\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f1c4e02f000)',
  '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1c4d81f000)',
  '\tlibpcre2-8.so.0 => /lib/x86_64-linux-gnu/libpcre2-8.so.0 (0x00007f1c4df91000)',
  '\tlibkrb5.so.3 => /lib/x86_64-linux-gnu/libkrb5.so.3 (0x00007f1c4d745000)',
  '\tlibk5crypto.so.3 => /lib/x86_64-linux-gnu/libk5crypto.so.3 (0x00007f1c4df64000)',
  '\tlibcom_err.so.2 => /lib/x86_64-linux-gnu/libcom_err.so.2 (0x00007f1c4df5e000)',
  '\tlibkrb5support.so.0 => /lib/x86_64-linux-gnu/libkrb5support.so.0 (0x00007f1c4df50000)',
  '\t/lib64/ld-linux-x86-64.so.2 (0x00007f1c4e11f000)',
].join('\r\n') + '\r\n';

const LDD_PYTHON = [
  '\tlinux-vdso.so.1 (0x00007ffc6f3d8000)',
  '\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007f9a2c5e4000)',
  '\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f9a2c5c5000)',
  '\tlibexpat.so.1 => /lib/x86_64-linux-gnu/libexpat.so.1 (0x00007f9a2c59a000)',
  '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f9a2c3b9000)',
  '\t/lib64/ld-linux-x86-64.so.2 (0x00007f9a2cb1e000)',
].join('\r\n') + '\r\n';

function makeLog(next: Random): string {
  const files = ['main.c', 'util.c', 'parser.c', 'lexer.c', 'hash.c', 'list.c', 'net.c', 'log.c', 'config.c', 'cli.c'];
  let text = '';
  for (const file of files) {
    text += `gcc -Wall -Wextra -O2 -fPIC -Iinclude -c src/${file} -o build/${file.replace('.c', '.o')}\r\n`;
    if (next() < 0.4) {
      const line = 10 + Math.floor(next() * 300);
      text += `\x1b[01m\x1b[Ksrc/${file}:${line}:${5 + Math.floor(next() * 30)}:\x1b[m\x1b[K \x1b[01;35m\x1b[Kwarning: \x1b[m\x1b[Kunused variable '\x1b[01m\x1b[Ktmp\x1b[m\x1b[K' [\x1b[01;35m\x1b[K-Wunused-variable\x1b[m\x1b[K]\r\n`;
      text += `  ${line} |     int \x1b[01;35m\x1b[Ktmp\x1b[m\x1b[K = 0;\r\n      |         \x1b[01;35m\x1b[K^~~\x1b[m\x1b[K\r\n`;
    }
  }
  text += 'gcc -shared -o build/libdemo.so build/util.o build/hash.o build/list.o\r\n';
  text += 'gcc -o build/demo build/main.o build/parser.o build/lexer.o build/net.o build/log.o build/config.o build/cli.o -Lbuild -ldemo\r\n';
  return text;
}

function findSo(next: Random): string {
  const libs = ['libssl', 'libcrypto', 'libz', 'libgtk-3', 'libglib-2.0', 'libX11', 'libxcb', 'libdrm', 'libsystemd', 'libudev', 'libpython3.13', 'libstdc++', 'libgcc_s', 'libffi', 'libsqlite3', 'libcurl', 'libnss3', 'libpulse', 'libasound', 'libgnutls'];
  const dirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu/gio/modules', '/usr/lib/python3/dist-packages/gi', '/usr/lib/x86_64-linux-gnu/pulseaudio', '/usr/lib/x86_64-linux-gnu/gstreamer-1.0', '/usr/lib/firefox-esr', '/usr/lib/x86_64-linux-gnu/security'];
  let text = '';
  const lines = 2500 + Math.floor(next() * 1000);
  for (let i = 0; i < lines; i++) text += `${pick(next, dirs)}/${pick(next, libs)}${next() < 0.3 ? `-${hex(next, 4)}` : ''}.so.${Math.floor(next() * 4)}${next() < 0.5 ? `.${Math.floor(next() * 60)}.${Math.floor(next() * 9)}` : ''}\r\n`;
  return text;
}

function lsEtc(next: Random): string {
  const names = ['adduser.conf', 'alternatives', 'apparmor.d', 'apt', 'bash.bashrc', 'ca-certificates', 'cron.d', 'default', 'fstab', 'group', 'gshadow', 'host.conf', 'hostname', 'hosts', 'init.d', 'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'locale.gen', 'login.defs', 'machine-id', 'network', 'nsswitch.conf', 'os-release', 'pam.d', 'passwd', 'profile', 'resolv.conf', 'security', 'shadow', 'shells', 'ssh', 'ssl', 'sudoers', 'sudoers.d', 'sysctl.conf', 'systemd', 'timezone', 'udev', 'X11'];
  let text = `total ${1200 + Math.floor(next() * 300)}\r\n`;
  for (let i = 0; i < 240; i++) {
    const name = `${pick(next, names)}${i >= names.length ? `.${i}` : ''}`;
    const dir = next() < 0.35;
    const secret = name.startsWith('shadow') || name.startsWith('gshadow') || name.startsWith('sudoers');
    const mode = dir ? 'drwxr-xr-x' : secret ? '-rw-r-----' : '-rw-r--r--';
    text += `${mode} ${pad(dir ? 2 + Math.floor(next() * 8) : 1, 2)} root ${secret ? 'shadow' : 'root  '} ${pad(Math.floor(next() * 20000), 6)} sept. ${pad(1 + Math.floor(next() * 28), 2)} 10:${String(Math.floor(next() * 60)).padStart(2, '0')} ${dir ? `\x1b[01;34m${name}\x1b[0m` : name}\r\n`;
  }
  return text;
}

function sha256(next: Random): string {
  const names = ['awk', 'base64', 'bash', 'cat', 'chmod', 'cp', 'curl', 'date', 'dd', 'df', 'diff', 'du', 'echo', 'env', 'find', 'gcc', 'git', 'grep', 'gzip', 'head', 'id', 'less', 'ln', 'ls', 'make', 'md5sum', 'mkdir', 'mv', 'node', 'openssl', 'perl', 'ps', 'python3', 'rm', 'sed', 'sha256sum', 'sort', 'ssh', 'tar', 'tail', 'tee', 'top', 'touch', 'tr', 'uname', 'vim', 'wc', 'wget', 'xargs', 'zip'];
  let text = '';
  for (let i = 0; i < 1200; i++) text += `${hex(next, 64)}  /usr/bin/${names[i % names.length]}${i >= names.length ? Math.floor(i / names.length) : ''}\r\n`;
  return text;
}

function lsRecursive(next: Random): string {
  let text = '';
  let dir = '/etc';
  for (let i = 0; text.split('\r\n').length < 2000; i++) {
    if (i % 25 === 0) {
      dir = `/etc/${pick(next, ['apt', 'ssh', 'ssl', 'systemd/system', 'pam.d', 'udev/rules.d', 'X11', 'default', 'cron.d', 'network'])}${i > 0 ? `/${hex(next, 3)}` : ''}`;
      text += `\r\n${dir}:\r\ntotal ${Math.floor(next() * 300)}\r\n`;
    }
    text += lsEtc(next).split('\r\n')[1 + Math.floor(next() * 200)]! + '\r\n';
  }
  return text;
}

function journal(next: Random): string {
  const units = ['systemd[1]', 'kernel', 'sshd[812]', 'cron[644]', 'NetworkManager[702]', 'dbus-daemon[655]', 'gnome-shell[1543]', 'polkitd[688]', 'systemd-logind[671]', 'CRON[20841]'];
  const messages = ['Started session-4.scope - Session 4 of User prof.', 'pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)', '<info>  [1733561021.4411] device (wlp2s0): state change: activated -> activated', 'Accepted publickey for prof from 10.0.3.17 port 51422 ssh2: ED25519 SHA256:Qk3vN1', 'Successfully activated service \'org.freedesktop.nm_dispatcher\'', 'Finished apt-daily.service - Daily apt download activities.', 'New session 4 of user prof.', 'audit: type=1400 apparmor="DENIED" operation="open" profile="snap.firefox" name="/proc/1/environ"'];
  let text = '';
  for (let i = 0; i < 1500; i++) text += `déc. 07 09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} tp-virt ${pick(next, units)}: ${pick(next, messages)}\r\n`;
  return text;
}

function caBundle(next: Random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let text = '';
  for (let cert = 0; cert < 110; cert++) {
    text += '-----BEGIN CERTIFICATE-----\r\n';
    const lines = 18 + Math.floor(next() * 14);
    for (let i = 0; i < lines; i++) text += `${Array.from({ length: i === lines - 1 ? 4 + Math.floor(next() * 56) : 64 }, () => alphabet[Math.floor(next() * 64)]).join('')}\r\n`;
    text += '-----END CERTIFICATE-----\r\n';
  }
  return text;
}

function hexBlock(next: Random, bytes: number, indent: string): string {
  const all = Array.from({ length: bytes }, () => hex(next, 2));
  const lines: string[] = [];
  for (let i = 0; i < all.length; i += 15) lines.push(`${indent}${all.slice(i, i + 15).join(':')}${i + 15 < all.length ? ':' : ''}`);
  return lines.join('\r\n') + '\r\n';
}

function x509Text(next: Random): string {
  return [
    'Certificate:', '    Data:', '        Version: 3 (0x2)', `        Serial Number:`, `            ${hexBlock(next, 20, '').trim()}`,
    '        Signature Algorithm: sha256WithRSAEncryption', '        Issuer: CN = cours.iut.example', '        Validity',
    '            Not Before: Dec  7 08:14:02 2026 GMT', '            Not After : Dec  7 08:14:02 2027 GMT', '        Subject: CN = cours.iut.example',
    '        Subject Public Key Info:', '            Public Key Algorithm: rsaEncryption', '                Public-Key: (2048 bit)', '                Modulus:',
  ].join('\r\n') + '\r\n' + hexBlock(next, 257, '                    ') + [
    '                Exponent: 65537 (0x10001)', '        X509v3 extensions:', '            X509v3 Subject Key Identifier: ', `                ${hexBlock(next, 20, '').trim()}`,
    '            X509v3 Basic Constraints: critical', '                CA:TRUE', '    Signature Algorithm: sha256WithRSAEncryption', '    Signature Value:',
  ].join('\r\n') + '\r\n' + hexBlock(next, 256, '        ');
}

function rsaText(next: Random): string {
  let text = 'Private-Key: (2048 bit, 2 primes)\r\nmodulus:\r\n' + hexBlock(next, 257, '    ') + 'publicExponent: 65537 (0x10001)\r\nprivateExponent:\r\n' + hexBlock(next, 256, '    ');
  for (const part of ['prime1', 'prime2', 'exponent1', 'exponent2', 'coefficient']) text += `${part}:\r\n${hexBlock(next, 129, '    ')}`;
  return text;
}
