#!/bin/bash
## Demo of slide 16 (Intégrité): digests of a file, one byte changed, digests compared and checked.

# Le message à protéger.
cat message.txt

# Son empreinte SHA-256 (256 bits, 64 chiffres hexadécimaux), gardée dans message.sha256.
sha256sum message.txt | tee message.sha256

# Son empreinte MD5 : 128 bits, plus courte, et des collisions connues depuis 2004.
md5sum message.txt

# Un seul octet change : 8 devient 9 (0x38 → 0x39, un seul bit de différence).
sed -i 's/8h/9h/' message.txt && cat message.txt

# L'empreinte SHA-256 n'a plus rien à voir avec la précédente.
sha256sum message.txt

# Pareil pour MD5.
md5sum message.txt

# sha256sum -c recalcule et compare avec l'empreinte gardée : le message a été modifié.
sha256sum -c message.sha256

# On remet le 8…
sed -i 's/9h/8h/' message.txt

# … et le message retrouve son empreinte.
sha256sum -c message.sha256
