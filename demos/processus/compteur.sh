#!/bin/bash
# A visibly ticking counter for the kill / fg / bg / setsid demo.
#
# On a terminal it draws " compteur N " in reverse video in the top-right corner (save the
# cursor, move, print, restore the cursor, all in one write), so the ticks never mix with the
# prompt or with what is being typed, and a stopped counter visibly freezes. The text is kept
# short because it covers the end of whatever line is on the first row; the PID is in the
# shell's "[1] PID" and in ps. When its output is not a terminal (setsid ... > compteur.log) it
# prints one line per tick, with its PID, instead.
# Like a daemon it notes its PID in compteur.pid, so it can be found once detached. It gives up
# by itself after 10 minutes, so a forgotten detached counter does not run forever.

echo $$ > compteur.pid
n=0
sleeper=

if [ -t 1 ]; then
  # Draws its argument at the right end of the first row; remembers where, for finish.
  draw() {
    local size
    size=$(stty size < /dev/tty 2> /dev/null) || size="24 80"
    column=$(( ${size#* } - ${#1} + 1 ))
    shown=${#1}
    printf '\e7\e[1;%dH\e[7m%s\e[0m\e8' "$column" "$1"
  }
  tick() { draw " compteur $n "; }
  # Erase the corner so that a finished counter does not look like a frozen one.
  finish() {
    local blank
    printf -v blank '%*s' "$shown" ''
    printf '\e7\e[1;%dH%s\e8' "$column" "$blank"
  }
else
  tick() { echo "compteur $n (PID $$)"; }
  finish() { echo "compteur arrêté par SIG$1 (PID $$)"; }
fi

on_signal() {
  [ -n "$sleeper" ] && kill "$sleeper" 2> /dev/null
  finish "$1"
  # Die of the same signal, so the shell reports it truthfully (Terminated, Hangup, ...).
  trap - "$1"
  kill -s "$1" $$
}
for sig in TERM INT HUP; do
  trap "on_signal $sig" "$sig"
done

while [ "$n" -lt 600 ]; do
  n=$((n + 1))
  tick
  # `wait` returns as soon as a trapped signal arrives; a plain `sleep 1` would delay the trap.
  sleep 1 &
  sleeper=$!
  wait "$sleeper"
done
