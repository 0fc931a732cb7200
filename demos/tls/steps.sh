#!/bin/bash
## Demo of slide 17 (Le protocole SSL/TLS): the slide's command, with the subject given on the
## command line so that openssl asks no question. RSA 4096 key generation takes a few seconds.

# Fabriquer un certificat TLS/RSA auto-signé, valable un an (365 jours), pour cours.iut.example.
openssl req -new -newkey rsa:4096 -x509 -sha256 -days 365 \
  -nodes -out cert.pem -keyout cle.pem \
  -subj "/CN=cours.iut.example"
#@ wait -----
#@ pause 1

# Le certificat est public ; la clé privée n'est lisible que par son propriétaire (rw-------).
ls -l *.pem

# Sujet (Common Name), émetteur et validité : auto-signé, le sujet est aussi l'émetteur.
openssl x509 -in cert.pem -noout -subject -issuer -dates

# Le certificat x509 contient la clé publique (RSA 4096 bits) et l'algorithme de signature.
openssl x509 -in cert.pem -noout -text | head -n 14

# La signature se vérifie avec la clé publique de l'émetteur, ici le certificat lui-même.
openssl verify -CAfile cert.pem cert.pem

# La clé privée et le certificat forment une paire : même module RSA, donc même empreinte…
openssl x509 -in cert.pem -noout -modulus | sha256sum

# … qu'on retrouve à partir de la clé privée.
openssl rsa -in cle.pem -noout -modulus | sha256sum
