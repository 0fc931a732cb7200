#!/bin/bash
## Demo of slide 11 (Utilisateurs et droits), after the exercise: a folder open to others only
## for "ouverture" (x), files with various modes, and another user trying them.
## ./autre runs a command as the user nobody; that takes root (runuser) or a sudo that allows it.
## Without either it says so and shows the modes that decide instead (see the comment in autre);
## the script without x, at the end, is a denial that every user meets, root included.
## setup.sh opens the working copy itself to others for traversal (x) only.

# Un répertoire ouvert aux autres seulement en « ouverture » (x) : 711 = rwx--x--x.
mkdir -m 711 partage

# Trois fichiers (tee écrit « bonjour » dans chacun), pour trois jeux de droits : RW, R, rien.
echo bonjour | tee partage/{rw,r,rien}.txt

# rw.txt : lecture et écriture pour tous (666) ; r.txt : lecture pour tous (644) ; rien.txt, en
# notation symbolique : go= ne laisse rien au groupe ni aux autres (rw-------).
chmod 666 partage/rw.txt; chmod 644 partage/r.txt
chmod go= partage/rien.txt

# Les droits : propriétaire, groupe, autres (sans la date, pour la place).
ls -ld --time-style=+ partage partage/*

# nobody, un autre utilisateur, ne peut pas lister le répertoire : pas de r pour les autres…
./autre ls partage

# … mais il peut ouvrir un fichier dont il connaît le nom (x sur le répertoire, r sur le fichier).
./autre cat partage/r.txt

# Sans r pour les autres, le fichier lui reste fermé.
./autre cat partage/rien.txt

# Avec w pour les autres, il peut le modifier.
echo "ajout de nobody" | ./autre tee -a partage/rw.txt

# Créer un fichier, c'est modifier le répertoire : il faudrait w sur partage.
./autre touch partage/nouveau.txt

# Ajoutons r pour les autres sur le répertoire : nobody peut maintenant le lister.
chmod o+r partage && ./autre ls partage

# Un script sans droit d'exécution (x) : même son propriétaire ne peut pas le lancer, root compris.
echo 'echo bonjour' > salut.sh; ./salut.sh

# chmod u+x : son propriétaire peut maintenant l'exécuter.
chmod u+x salut.sh && ./salut.sh
