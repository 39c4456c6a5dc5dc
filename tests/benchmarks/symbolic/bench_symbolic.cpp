// Symbolic regression at the paper's setting (population 5000, 20 generations, parsimony 1e-4)
// on 400 samples of 2·x0 + x1² and sin(x0)·x1 (x uniform in [-2, 2]², noise-free), one core:
// seconds per fit, programs evaluated per second, RMSE and length of the fitted program.
//   bench_symbolic [SEEDS] [POPULATION] [GENERATIONS]

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "hypershap/core/random.hpp"
#include "hypershap/symbolic/count_ops.hpp"
#include "hypershap/symbolic/expression.hpp"
#include "hypershap/symbolic/formula_text.hpp"
#include "hypershap/symbolic/regressor.hpp"

using namespace hypershap;
using namespace hypershap::symbolic;

int main(int argc, char** argv) {
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 3;
  RegressorSettings settings;
  if (argc > 2) settings.population = static_cast<std::size_t>(std::atol(argv[2]));
  if (argc > 3) settings.generations = std::atoi(argv[3]);
  struct Case {
    const char* name;
    double (*f)(double, double);
  };
  const Case cases[] = {{"2*x0 + x1**2", [](double a, double b) { return 2 * a + b * b; }},
                        {"sin(x0)*x1", [](double a, double b) { return std::sin(a) * b; }}};
  std::printf("population %zu, generations %d, parsimony %g, 400 samples, one core\n",
              settings.population, settings.generations, settings.parsimony);
  std::printf("%-14s %4s %9s %12s %12s %6s %4s  %s\n", "target", "seed", "seconds", "evals/s",
              "train_rmse", "length", "ops", "formula");
  for (const Case& c : cases) {
    Rng rng(1);
    Eigen::MatrixXd x(400, 2);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.uniform(-2.0, 2.0);
    Eigen::VectorXd y(400);
    for (Eigen::Index r = 0; r < 400; ++r) y(r) = c.f(x(r, 0), x(r, 1));
    for (int seed = 0; seed < seeds; ++seed) {
      const auto start = std::chrono::steady_clock::now();
      const FitResult fit =
          fit_symbolic_regression(x, y, settings, static_cast<std::uint64_t>(seed));
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const ExprPtr formula = simplify_program(fit.program, {"x0", "x1"});
      std::printf("%-14s %4d %9.3f %12.0f %12.3g %6zu %4d  %s\n", c.name, seed, seconds,
                  static_cast<double>(fit.evaluations) / seconds, fit.train_rmse,
                  fit.program.size(), count_ops(*formula), to_text(*formula).c_str());
    }
  }
}
