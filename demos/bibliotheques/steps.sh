#!/bin/bash
## Demo of slide 10 (Bibliothèques partagées). setup.sh compiled lib/libsalut.so and the program
## salut, which needs it but does not say where it is (no rpath). The demo ends on ldd's answer,
## the screen students should keep (and the one the PDF prints).

# ldd liste les bibliothèques partagées dont un exécutable a besoin, et où le système les trouve.
ldd /bin/ls

# Notre programme salut et sa bibliothèque, rangée dans lib/.
ls -l salut lib/libsalut.so

# Le chargeur ne trouve pas libsalut.so : elle n'est dans aucun répertoire qu'il connaît.
ldd ./salut

# Sans sa bibliothèque, le programme ne peut même pas démarrer.
./salut

# Les répertoires connus du système sont listés dans /etc/ld.so.conf…
cat /etc/ld.so.conf

# … qui inclut les fichiers de /etc/ld.so.conf.d/ : lib/ n'y est pas.
cat /etc/ld.so.conf.d/*.conf

# LD_LIBRARY_PATH ajoute un répertoire à ceux où le chargeur cherche.
LD_LIBRARY_PATH=./lib ./salut

# ldd le confirme : libsalut.so est maintenant trouvée dans ./lib.
LD_LIBRARY_PATH=./lib ldd ./salut
