#!/bin/bash
## Demo of slide 8 (Processus): signals with kill, jobs with fg / bg / Ctrl-Z, and setsid.
## compteur.sh draws its count in the top-right corner of the terminal, so it can tick in the
## background without mixing with the prompt; detached by setsid, it writes to compteur.log.

# Lancer le compteur en arrière-plan (&) : le shell rend la main aussitôt.
./compteur.sh &
#@ pause 3

# ps : le compteur a pour parent (PPID) le shell ; il dort (S) entre deux secondes.
ps -o pid,ppid,stat,cmd
#@ pause 2

# SIGSTOP : le compteur est endormi, il ne compte plus.
kill -STOP %1
#@ pause 3

# SIGCONT : il se réveille et reprend là où il en était.
kill -CONT %1
#@ pause 3

# fg le ramène au premier plan : le shell l'attend, plus d'invite.
fg
#@ pause 3

# Ctrl-Z (SIGTSTP) le suspend et rend la main au shell.
#@ keys ^Z
#@ pause 2

# bg le relance en arrière-plan.
bg
#@ pause 3

# SIGTERM : on lui demande de se terminer ; wait attend sa fin.
kill -TERM %1; wait

# setsid le lance dans une nouvelle session, sans terminal : sa sortie va dans un fichier.
setsid ./compteur.sh > compteur.log 2>&1
#@ pause 3

# Sa propre session (SID), pas de terminal (TTY ?), un parent qui n'est plus le shell (init, ou systemd --user) : fermer le terminal ne l'arrêterait pas.
ps -o pid,ppid,sid,tty,cmd -p $$,$(cat compteur.pid)
#@ pause 1

# Il continue de compter, dans son fichier.
tail -n 3 compteur.log
#@ pause 1

# On le retrouve par son PID pour l'arrêter : plus rien ne tourne.
kill $(cat compteur.pid)
#@ pause 1.5
