// The explicit, minimal environment and command line of a livedeck shell: nothing of the server's
// own environment (tokens, API keys, npm_* variables) reaches a shell unless whitelisted here.

import os from 'node:os';
import path from 'node:path';

/** Tags every process of a session (inherited by its children), so cleanup finds those that
 * left the process tree (setsid, nohup, double fork). */
export const SESSION_ENV_VAR = 'LIVEDECK_SESSION';

/** PATH of every shell: the usual system directories, no user or server additions. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const DEFAULT_LANG = 'C.UTF-8';
export const DEFAULT_SHELL = '/bin/bash';

export interface ShellEnvironmentOptions {
  sessionId: string;
  shell: string;
  /** Default DEFAULT_LANG. */
  lang?: string;
  /** Default DEFAULT_PATH. */
  path?: string;
}

/** How to start a shell so that the user's dotfiles cannot change it: the prompt and behaviour
 * are the same on the teacher's laptop, in CI and in every recording. */
export interface ShellLaunch {
  file: string;
  args: string[];
  /** Prompt in the shell's own syntax. */
  prompt: string;
}

// Why flags rather than a generated rcfile: `--noprofile --norc` (bash) and `-f` (zsh) skip every
// startup file, system ones included (Debian's /etc/bash.bashrc, distro prompts, aliases), and all
// we need (prompt, history) can be said in the environment. Nothing to write, nothing to clean up.
export function shellLaunch(shell: string): ShellLaunch {
  const name = path.basename(shell);
  if (name === 'bash') {
    return { file: shell, args: ['--noprofile', '--norc', '-i'], prompt: '\\u@livedeck:\\W\\$ ' };
  }
  if (name === 'zsh') {
    return { file: shell, args: ['-f', '-i'], prompt: '%n@livedeck:%1~%# ' };
  }
  // POSIX sh and others: no prompt escapes to rely on.
  return { file: shell, args: ['-i'], prompt: '$ ' };
}

/** The whole environment of a session's shell (and of its setup.sh). */
export function shellEnvironment(options: ShellEnvironmentOptions): Record<string, string> {
  // The account's real home and name (from the password database), not $HOME/$USER of the server,
  // which may have been changed by whoever started it.
  const user = os.userInfo();
  return {
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
    LANG: options.lang ?? DEFAULT_LANG,
    HOME: user.homedir,
    USER: user.username,
    LOGNAME: user.username,
    SHELL: options.shell,
    PATH: options.path ?? DEFAULT_PATH,
    PS1: shellLaunch(options.shell).prompt,
    // Empty, not unset (bash would then default to ~/.bash_history): history works inside the
    // session (arrow up) but demo commands never land in the user's history file.
    HISTFILE: '',
    [SESSION_ENV_VAR]: options.sessionId,
  };
}
