#!/bin/bash
## Demo of slide 17 (Le protocole SSL/TLS): the slide's command, with the subject given on the
## command line so that openssl asks no question. RSA 4096 key generation takes a few seconds; its
## progress dots and pluses (dozens of rows in a half-slide pane, and on paper) go to /dev/null.

# Fabriquer un certificat TLS/RSA auto-signé, valable un an (365 jours), pour cours.iut.example (2> /dev/null : sans les « +++ » de la recherche des nombres premiers).
openssl req -new -newkey rsa:4096 -x509 -sha256 -days 365 \
  -nodes -out cert.pem -keyout cle.pem \
  -subj "/CN=cours.iut.example" 2> /dev/null
#@ pause 1

# Le certificat est public ; la clé privée n'est lisible que par son propriétaire (rw-------).
ls -l *.pem

# Sujet (Common Name), émetteur et validité : auto-signé, le sujet est aussi l'émetteur.
openssl x509 -in cert.pem -noout -subject -issuer -dates

# La signature se vérifie avec la clé publique de l'émetteur, ici le certificat lui-même.
openssl verify -CAfile cert.pem cert.pem
