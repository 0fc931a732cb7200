/* salut: a program linked against libsalut.so (no rpath), so the loader must find the library. */
#include "salut.h"

int main(void)
{
    dire_salut("la promo");
    return 0;
}
