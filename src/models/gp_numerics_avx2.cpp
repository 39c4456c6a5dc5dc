// gp_numerics.cpp once more, for AVX2+FMA (compiled with -mavx2 -mfma where src/models/
// CMakeLists.txt finds an x86-64 GCC or Clang, and chosen at run time). Eigen's namespace is
// renamed so that no template instantiated here can stand in for the baseline's (gp_numerics.hpp).
#if defined(__AVX2__) && defined(__FMA__)
#define Eigen hypershap_eigen_avx2
#define HYPERSHAP_GP_NUMERICS_AVX2 1
#include "gp_numerics.cpp"
#endif
