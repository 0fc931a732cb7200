#!/bin/bash
# Writes the message whose digests the demo computes (here rather than typed in a step, so the
# accents need no particular locale in the shell).
printf 'Le TP noté commence à 8h00, salle 104.\n' > message.txt
