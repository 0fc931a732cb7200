#!/bin/bash
# Builds lib/libsalut.so and the program salut linked against it. No rpath on purpose: the
# loader only finds the library through its usual folders or LD_LIBRARY_PATH.
set -euo pipefail
mkdir -p lib
gcc -shared -fPIC -Wall -Wl,-soname,libsalut.so -o lib/libsalut.so src/salut.c
gcc -Wall -o salut src/main.c -Llib -lsalut
