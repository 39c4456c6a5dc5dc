// hypershap's side of the comparison with gplearn (issue 11's acceptance): symbolic regression at
// the paper's setting (population 5000, 20 generations, parsimony 1e-4, gplearn's defaults
// otherwise) on the data sets of make_datasets.py, over seeds 0..SEEDS-1; per data set the mean,
// median and min test RMSE (the 10x10 test grid) and the CPU seconds (user + sys) per fit.
//   /usr/bin/python3 tests/benchmarks/symbolic/make_datasets.py DIR
//   bench_symbolic_study DIR [SEEDS] [POPULATION] [GENERATIONS] [--trace]
// --trace also prints, per generation, the mean over seeds of the population's average program
// length and of the best RMSE (gplearn's run_details_ 'average_length' and 'best_fitness'): the
// dynamics that a difference in the genetic operators would show. gplearn's side runs outside the
// repository (its source is not ours to commit).

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "hypershap/core/text_file.hpp"
#include "hypershap/io/csv.hpp"
#include "hypershap/symbolic/evaluator.hpp"
#include "hypershap/symbolic/regressor.hpp"

using namespace hypershap;
using namespace hypershap::symbolic;

namespace {

struct Data {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

/// A CSV of make_datasets.py: columns x0, x1, y.
Data read_data(const std::string& path) {
  const CsvTable table = parse_csv_table(read_text_file(path, "the data"), path);
  Data d;
  const auto rows = static_cast<Eigen::Index>(table.rows.size());
  d.x.resize(rows, 2);
  d.y.resize(rows);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto& row = table.rows[static_cast<std::size_t>(r)];
    d.x(r, 0) = std::strtod(row[0].c_str(), nullptr);
    d.x(r, 1) = std::strtod(row[1].c_str(), nullptr);
    d.y(r) = std::strtod(row[2].c_str(), nullptr);
  }
  return d;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double mean(const std::vector<double>& v) {
  double s = 0.0;
  for (const double x : v) s += x;
  return s / static_cast<double>(v.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args;
  bool trace = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--trace") == 0)
      trace = true;
    else
      args.emplace_back(argv[i]);
  }
  if (args.empty()) {
    std::fprintf(stderr,
                 "usage: bench_symbolic_study DIR [SEEDS] [POPULATION] [GENERATIONS] [--trace]\n"
                 "  DIR: the CSVs of tests/benchmarks/symbolic/make_datasets.py\n");
    return 2;
  }
  const std::string dir = args[0];
  const int seeds = args.size() > 1 ? std::atoi(args[1].c_str()) : 10;
  RegressorSettings settings;
  if (args.size() > 2) settings.population = static_cast<std::size_t>(std::atol(args[2].c_str()));
  if (args.size() > 3) settings.generations = std::atoi(args[3].c_str());
  std::printf("population %zu, generations %d, parsimony %g, seeds 0..%d, one core\n",
              settings.population, settings.generations, settings.parsimony, seeds - 1);
  std::printf("%-11s %5s %9s %9s %9s %9s %8s %8s\n", "data set", "seeds", "rmse_mean", "median",
              "min", "max", "cpu_mean", "cpu_med");
  for (const char* name : {"poly", "log-valley", "exp-ripple", "sqrt-sin"}) {
    const Data train = read_data(dir + "/" + name + "-train.csv");
    const Data test = read_data(dir + "/" + name + "-test.csv");
    std::vector<double> rmse, cpu;
    std::vector<double> length(static_cast<std::size_t>(settings.generations), 0.0);
    std::vector<double> best(length.size(), 0.0);
    for (int seed = 0; seed < seeds; ++seed) {
      const double start = cpu_seconds();
      const FitResult fit =
          fit_symbolic_regression(train.x, train.y, settings, static_cast<std::uint64_t>(seed));
      Evaluator evaluator;
      rmse.push_back(evaluator.rmse(fit.program, test.x, test.y));
      cpu.push_back(cpu_seconds() - start);
      for (std::size_t g = 0; g < fit.generations.size() && g < length.size(); ++g) {
        length[g] += fit.generations[g].average_length / seeds;
        best[g] += fit.generations[g].best_rmse / seeds;
      }
    }
    std::printf("%-11s %5d %9.4f %9.4f %9.4f %9.4f %8.2f %8.2f\n", name, seeds, mean(rmse),
                median(rmse), *std::min_element(rmse.begin(), rmse.end()),
                *std::max_element(rmse.begin(), rmse.end()), mean(cpu), median(cpu));
    if (trace)
      for (std::size_t g = 0; g < length.size(); ++g)
        std::printf("  %-9s gen %2zu average_length %8.2f best_rmse %.5f\n", name, g, length[g],
                    best[g]);
  }
}
