#pragma once
// Built-in analytic benchmarks with known explanations, for tests and teaching.
//
//   table1               the HyperSHAP paper's Table 1: Λ1 = {0, 1}, Λ2 = {0, ..., m},
//                        VAL(λ) = 1[λ1 = 1] + 1[λ2 = m], default (0, 0)
//   linear-toy           the Python reference's toy f(a, b) = 0.7 a + 2 b on [0, 1]², default (0,
//   0) smooth-interactions  f(x) = x0 + 0.5 x1 + 0.8 x0 x2 - 0.6 x3 x4 + 0.3 x1 x3 x5 on [0, 1]^6,
//                        default 0: ablation from 0 to 1 has exactly these Möbius coefficients

#include <memory>
#include <string>
#include <vector>

#include "hypershap/models/performance_model.hpp"

namespace hypershap {

/// The names accepted by make_analytic_model.
const std::vector<std::string>& analytic_function_names();

/// `m` is used by table1 only.
std::shared_ptr<const PerformanceModel> make_analytic_model(const std::string& function, int m);

}  // namespace hypershap
