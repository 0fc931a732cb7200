#!/bin/bash
## Demo of slide 7 (Procédure d'amorçage sous Linux). On a laptop it shows the real boot chain;
## in a container, which boots no kernel of its own, /boot is empty and PID 1 is whatever program
## the container started: the captions say so.

# La version du noyau en cours d'exécution.
uname -r

# Le noyau (vmlinuz) et l'initrd que GRUB charge en RAM (vide dans un conteneur).
ls -lh /boot

# Les paramètres que GRUB a passés au noyau au démarrage.
cat /proc/cmdline

# Le processus de PID 1 : init (systemd, SysV, OpenRC, Runit…), parent de tous les autres.
ps -p 1 -o pid,comm

# Les premiers processus : init (1) puis, sur une machine, kthreadd (2) et les fils du noyau.
ps -eo pid,ppid,comm | head -n 6

# /sbin/init désigne l'implémentation d'init choisie par la distribution.
ls -l /sbin/init
