#!/bin/bash
## Demo of slide 7 (Procédure d'amorçage sous Linux): what started the system it runs on, true
## wherever it runs. On a laptop: the kernel GRUB loaded and its parameters, vmlinuz and initrd in
## /boot, systemd as PID 1. In a container or a micro-VM, which no GRUB started, the same commands
## show what did: /boot empty, PID 1 another program, systemctl "offline" (or absent).

# La version du noyau en cours d'exécution.
uname -r

# Les paramètres reçus par le noyau au démarrage : de GRUB, ou de l'hyperviseur qui l'a lancé.
cat /proc/cmdline

# Ce que GRUB charge en RAM : le noyau (vmlinuz) et l'initrd… s'ils sont là.
ls /boot | grep . || echo "/boot est vide : pas de GRUB ici"

# Le processus de PID 1 : init (systemd, SysV, OpenRC, Runit…), ou le programme qui en tient lieu.
ps -p 1 -o pid,comm

# /sbin/init désigne l'implémentation d'init installée (qui n'est pas forcément le PID 1).
ls -l /sbin/init

# systemctl : « running » si systemd est le PID 1, « offline » s'il n'a pas démarré ce système.
systemctl is-system-running
