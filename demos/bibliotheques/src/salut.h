/* Interface of libsalut.so, the tiny shared library of the ldd demo. */
#ifndef SALUT_H
#define SALUT_H

void dire_salut(const char *qui);

#endif
