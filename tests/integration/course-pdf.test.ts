// The course deck on paper, page for page: the default export (one page per slide, as it ends)
// read back with PDF.js holds on each page the key sentences of that slide's last page in the
// original (../shared/seed/, cleaned in OUTLINE.md), corrected French included, and the terminals'
// whole slide: on page 8 the kill -STOP / -CONT that scrolled off the pane, on page 17 the
// certificate's subject.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { COURSE_DECK, COURSE_TITLES } from '../helpers/course.js';
import { readPdf, type PdfPage, type PdfReading, type TextRun } from '../helpers/pdf.js';

/** Per page, sentences of the original's last page of that slide (at least three where it has
 * them), as the deck writes them (the original's typos corrected), plus what its terminal ends
 * with. */
const KEY_SENTENCES: string[][] = [
  ['UBx :: IUT-INFO [R4.A.08] Introduction à la Virtualisation', 'Vincent Autefage', 'vincent.autefage@u-bordeaux.com'],
  ['Vincent Autefage [B, C]', 'Pierre Ramet [A]', 'Contrôle continu', 'TP noté', 'Introduction et rappels systèmes', 'Sécurité et optimisation des conteneurs', 'Cloud-Computing'],
  [
    "La virtualisation est une technique permettant d'exécuter un ou des éléments de n'importe quelle couche",
    "une couche d'abstraction (et éventuellement d'encapsulation) supplémentaire est introduite.",
    "La virtualisation système est une technique de virtualisation dédiée aux systèmes d'exploitation.",
  ],
  [
    'Émulateur (Hosted Hypervisor / type 2)',
    'Accélération matérielle (Hardware-assisted / Hardware-accelerated)',
    'Para-virtualisation (Para-virtualization)',
    "La para-virtualisation introduit une couche logicielle dont l'interface est équivalente à celle du matériel sans pour autant émuler complètement ce dernier.",
  ],
  [
    "Un système d'exploitation (Operating System) est un ensemble de logiciels destinés à faciliter l'exploitation d'une machine",
    "Il est composé de plusieurs éléments dont un noyau, des pilotes, un système de fichiers et une interface d'appels système permettant aux applications conçues pour ce système de dialoguer avec le noyau.",
    'Le pilote peut être vu comme un traducteur',
  ],
  [
    "Un chargeur d'amorçage est un micro-logiciel (Firmware) chargé d'initialiser le matériel",
    "Les deux chargeurs d'amorçage les plus utilisés sont le BIOS et l'UEFI.",
    'GRUB pour Linux, BootCamp et iBoot pour MacOSX et Winload pour Windows.',
    'Legacy Boot',
  ],
  [
    'Le programme init est le processus parent de tous les processus qui tournent sur le système.',
    "En règle générale, init joue également le rôle de gestionnaire de services, c'est-à-dire le programme chargé d'orchestrer",
    'dont les plus courantes sont systemd, SysV, OpenRC ou encore Runit.',
    'ps -p 1 -o pid,comm',
  ],
  [
    'Lancez depuis le terminal le processus gedit.',
    'constatez sa mise en pause et réveillez-le par la suite.',
    'Tuez le processus avec la même méthode.',
    'Refaites le même test mais en lançant gedit via la commande setsid gedit.',
    'À quoi servent les commandes su et sudo ?',
    './compteur.sh &',
    'kill -STOP %1',
    'kill -CONT %1',
  ],
  [
    "Tout processus tourne dans ce que l'on nomme l'espace utilisateur (User Space) et dialogue avec le noyau au travers des appels système (Syscalls).",
    "Les différents fils d'instructions qui s'exécutent au sein du noyau n'ont pas de PID dédié",
    'open(), read(), write(), fork(), execve()',
  ],
  [
    '$ ldd ~/iut-vms/vnet/nemu.d/rcd/build/nemo.Linux-x86_64',
    "/usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.29' not found",
    "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found",
    'libboost_thread.so.1.74 => /usr/lib/x86_64-linux-gnu/libboost_thread.so.1.74 (0x00007f38b9b54000)',
    'libdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f38b74f7000)',
    'Sous Linux, le système cherche les bibliothèques dynamiques dans les répertoires listés dans /etc/ld.so.conf.',
    "Il est possible d'ajouter dynamiquement d'autres répertoires grâce à la variable d'environnement LD_LIBRARY_PATH.",
  ],
  [
    'Connectez-vous en SSH sur la machine info-biniou.iut.u-bordeaux.fr sur le port 6666.',
    'Créez un répertoire à votre nom dans /tmp accessible uniquement en ouverture pour les autres',
    "Demandez à un autre utilisateur de tenter d'accéder et de modifier votre répertoire",
    'ssh -p <port> <user>@<host>',
    'mkdir -m 711 partage',
  ],
  [
    "Un système de fichiers est une norme définissant l'organisation des données et des métadonnées sur un support physique.",
    'Il existe un grand nombre de systèmes de fichiers tels que ext3, ext4, fat32, exfat, ntfs, hfs ou encore zfs.',
    "c'est ce que l'on nomme communément le partitionnement.",
    'La table des partitions peut avoir plusieurs formats tels que msdos ou gpt.',
  ],
  [
    "La FHS (Filesystem Hierarchy Standard) spécifie l'organisation générale des fichiers dans un système Linux.",
    "MacOS X s'est grandement inspiré de cette organisation, étant initialement basé sur BSD qui est lui-même hérité d'UNIX",
    'Il peut exister quelques différences entre les distributions Linux mais la FHS est globalement très similaire.',
  ],
  [
    'Trouvez les formats de paquets supportés par les distributions Linux suivantes : Arch, Alpine, Debian, Fedora, openSUSE, Red Hat et Ubuntu.',
    'Trouvez les gestionnaires de paquets en ligne de commande utilisés par ces différentes distributions.',
    'Existe-t-il des gestionnaires de paquets pour Windows et Mac OS X ? Si oui, lesquels ?',
  ],
  [
    'La solution à ce problème consiste à chiffrer et vérifier la totalité du trafic',
    'Chiffrement symétrique',
    "Permet de chiffrer et de déchiffrer un message à l'aide d'une même clé dénommée clé secrète.",
    'Exemples : AES, ChaCha.',
  ],
  [
    'Intégrité',
    'Par conséquent, une empreinte (Checksum) est ajoutée au message chiffré.',
    'est appelée le taux de collision.',
    'Exemples : MD5, SHA, BLAKE.',
    'sha256sum -c message.sha256',
  ],
  [
    'Le protocole TLS, anciennement SSL, utilise le chiffrement asymétrique pour sécuriser les échanges non seulement sur le web',
    'TLS utilise des certificats au format x509 qui contiennent une clé publique ainsi que diverses informations',
    "Le Common Name est le nom de domaine d'accès au service.",
    "Un manquement ou une anomalie dans cette vérification entraîne l'échec de la connexion (sauf exception explicite).",
    "Fabrication d'un certificat TLS/RSA auto-signé d'une durée de vie d'un an",
    'openssl req -new -newkey rsa:4096 \\ -x509 -sha256 -days 365 -nodes \\ -out <cert file> -keyout <key file>',
    'subject=CN = cours.iut.example',
    'cert.pem: OK',
  ],
  ['R4A08 - Virtualisation', 'BUT_INFO_R4A08_S4A', 'BUT_INFO_R4A08_S4B', 'BUT_INFO_R4A08_S4C', 'Questions ?'],
];

let dir: string;
let pdf: PdfReading;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'livedeck-course-pdf-'));
  const out = join(dir, 'virtualisation.pdf');
  const result = runCli(['export', COURSE_DECK, '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  pdf = await readPdf(out);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** A page's text read column by column: its rows mix the columns of a two-column slide (a row
 * holds the left column's line and the right one's), so the runs are split at a gutter: the
 * widest band in the page's middle half that no run crosses (a title, a full-width box or the
 * footer aside) with lines on both sides of it at the same height. Then come what crosses it,
 * the left column and the right one, each top to bottom. A page without one reads as its rows. */
function columnText(page: PdfPage): string {
  const body = page.runs.filter((run) => run.bottom < page.height * 0.93 && run.right - run.left < 0.6 * page.width);
  const covered = (x: number) => body.some((run) => run.left < x && run.right > x);
  const twoSided = (x: number) => body.some((l) => l.right <= x && body.some((r) => r.left >= x && r.top < l.bottom && r.bottom > l.top));
  let best: { from: number; to: number } | null = null;
  for (let x = Math.round(page.width * 0.25), from: number | null = null; x <= page.width * 0.75; x++) {
    const open = !covered(x);
    if (open) from ??= x;
    if ((!open || x + 1 > page.width * 0.75) && from !== null) {
      const middle = (from + x) / 2;
      if (x - from >= 8 && twoSided(middle) && (best === null || x - from > best.to - best.from)) best = { from, to: x };
      from = null;
    }
  }
  if (best === null) return page.text;
  const gutter = (best.from + best.to) / 2;
  const across = page.runs.filter((run) => run.left < gutter && run.right > gutter);
  const left = page.runs.filter((run) => run.right <= gutter);
  const right = page.runs.filter((run) => run.left >= gutter);
  return [readRows(across), readRows(left), readRows(right)].join('\n');
}

/** Runs as rows, top to bottom, each left to right: a run belongs to a row when its middle is
 * within the row's first run (inline code sits a little higher or lower than the words around). */
function readRows(runs: TextRun[]): string {
  const rows: TextRun[][] = [];
  for (const run of [...runs].sort((a, b) => a.top - b.top)) {
    const middle = (run.top + run.bottom) / 2;
    const row = rows.find((r) => middle > r[0]!.top && middle < r[0]!.bottom);
    if (row) row.push(run);
    else rows.push([run]);
  }
  return rows.map((row) => row.sort((a, b) => a.left - b.left).map((run) => run.text).join(' ')).join('\n');
}

/** Text compared without its whitespace (rows break sentences anywhere, terminal rows break
 * words), with ligatures and typographic apostrophes made plain. */
const squeeze = (text: string) => text.normalize('NFKC').replace(/[’]/g, "'").replace(/\s+/g, '');

test('the default export has the 18 pages of the outline, each with its slide\'s title', () => {
  assert.equal(pdf.pages.length, 18);
  COURSE_TITLES.forEach((title, i) => assert.ok(squeeze(pdf.pages[i]!.text).includes(squeeze(title)), `page ${i + 1} lacks its title "${title}"`));
});

test("each page holds the key sentences of its slide's last page in the original", () => {
  assert.equal(KEY_SENTENCES.length, 18);
  const missing: string[] = [];
  KEY_SENTENCES.forEach((sentences, i) => {
    const page = squeeze(columnText(pdf.pages[i]!));
    for (const sentence of sentences) if (!page.includes(squeeze(sentence))) missing.push(`page ${i + 1}: "${sentence}"`);
  });
  assert.deepEqual(missing, []);
});

test('a terminal keeps on paper what scrolled off its pane during the slide', () => {
  const page8 = squeeze(columnText(pdf.pages[7]!));
  // The pane is 18 rows: the whole demo is more than twice that.
  for (const command of ['./compteur.sh &', 'kill -STOP %1', 'kill -CONT %1', 'setsid ./compteur.sh', 'kill $(cat compteur.pid)']) {
    assert.ok(page8.includes(squeeze(command)), `page 8 lacks "${command}"`);
  }
  const page17 = squeeze(columnText(pdf.pages[16]!));
  for (const line of ['-subj "/CN=cours.iut.example"', 'subject=CN = cours.iut.example', 'issuer=CN = cours.iut.example', 'cert.pem: OK']) {
    assert.ok(page17.includes(squeeze(line)), `page 17 lacks "${line}"`);
  }
});

test('the corrected French is on paper, not the original\'s typos', () => {
  // Whitespace collapsed, not removed: "appels système spécifiques" is no "appels systèmes".
  const all = pdf.pages.map((page) => page.text).join('\n').normalize('NFKC').replace(/[’]/g, "'").replace(/\s+/g, ' ');
  for (const typo of ['complémentent', 'Tuer le processus', 'tirer partie', 'applications conçus', 'En règles générales', "c'est à dire", 'SIGTSTOP', 'réveillez le', 'Refaite le', 'aux même versions', 'une support', 'File Hierarchy System', 'lui même', 'machine tiers', "voir d'altérer", 'divers informations', 'Connectez vous', 'appels systèmes']) {
    // A whole word: "rappels systèmes" (the planning's) is no "appels systèmes".
    const word = new RegExp(`(?<!\\p{L})${typo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u');
    assert.ok(!word.test(all), `the PDF still says "${typo}"`);
  }
});
