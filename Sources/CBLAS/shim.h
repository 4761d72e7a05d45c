#ifndef EST_CBLAS_SHIM_H
#define EST_CBLAS_SHIM_H
// Debian's libopenblas-dev installs cblas.h (an alternatives link to the pthread variant).
#include <cblas.h>
#endif
