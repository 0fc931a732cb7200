/* libsalut.so: one function, compiled as a shared library by setup.sh. */
#include <stdio.h>
#include "salut.h"

void dire_salut(const char *qui)
{
    printf("Salut %s, ici la fonction dire_salut() de libsalut.so !\n", qui);
}
