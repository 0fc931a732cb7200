#!/bin/bash
# The working copy is made private (mode 700) by the server. The other user of the demo must be
# able to pass through it to reach partage/, as through any folder on a path: open it to others
# for traversal only (x), like a home folder in mode 711.
chmod 711 .
