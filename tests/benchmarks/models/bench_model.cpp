// Benchmark (not a test): how fast the random forest predicts, on one core, for batches of 1,
// 100 and 10,000 configurations, fitted on the embedded default run history
// (jobs/data/svm_digits.csv, 400 runs, 5 hyperparameters) with SMAC3's defaults.
//
//   bench_model [run_history.csv metric]

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "hypershap/core/random.hpp"
#include "hypershap/models/random_forest.hpp"
#include "hypershap/models/run_history.hpp"
#include "hypershap/models/simple_encoding.hpp"

using namespace hypershap;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Random encoded configurations: numeric features uniform in [0, 1], categories uniform.
RowMatrix random_rows(Eigen::Index rows, const std::vector<int>& categories, std::uint64_t seed) {
  RowMatrix x(rows, static_cast<Eigen::Index>(categories.size()));
  Rng rng(seed);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < categories.size(); ++j)
      x(i, static_cast<Eigen::Index>(j)) =
          categories[j] == 0
              ? rng.uniform()
              : static_cast<double>(rng.below(static_cast<std::uint64_t>(categories[j])));
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string file =
      argc > 1 ? argv[1] : std::string(HYPERSHAP_SOURCE_DIR) + "/jobs/data/svm_digits.csv";
  const std::string metric = argc > 2 ? argv[2] : "accuracy";
  const RunHistory history = read_run_history_csv(file, metric, true);
  const EncodedRunHistory encoded = encode_simply(history);

  const Clock::time_point fit_start = Clock::now();
  const RandomForest forest = RandomForest::fit(encoded.features, encoded.targets, {},
                                                encoded.categories, Objective{metric, true});
  const double fit_seconds = seconds_since(fit_start);
  std::printf("%s: %zu runs, %zu hyperparameters\n", file.c_str(), history.size(),
              history.hyperparameters.size());
  std::printf("fit: %d trees, %zu nodes, %.3f ms; OOB RMSE %.4g, R2 %.4f\n", forest.n_trees(),
              forest.n_nodes(), 1e3 * fit_seconds, forest.oob_error().rmse, forest.oob_error().r2);
  std::printf("%8s %22s %22s\n", "batch", "predict (per second)", "predict_one (per second)");

  double checksum = 0.0;
  // repeats `call` until a second has passed; returns calls per second
  const auto rate = [](auto&& call) {
    long long calls = 0;
    const Clock::time_point start = Clock::now();
    double elapsed = 0.0;
    do {
      call();
      ++calls;
      if (calls % 16 == 0) elapsed = seconds_since(start);
    } while (elapsed < 1.0);
    return static_cast<double>(calls) / seconds_since(start);
  };
  for (const Eigen::Index batch : {Eigen::Index{1}, Eigen::Index{100}, Eigen::Index{10000}}) {
    const RowMatrix x = random_rows(batch, encoded.categories, 7);
    Eigen::VectorXd out(batch);
    const double batched = rate([&] {
      forest.predict(x, out);
      checksum += out[0];
    });
    // the same predictions row by row, for comparison with the batch path
    const double rowwise = rate([&] {
      for (Eigen::Index i = 0; i < batch; ++i) out[i] = forest.predict_one(x.row(i).data());
      checksum += out[0];
    });
    const auto b = static_cast<double>(batch);
    std::printf("%8ld %22.4g %22.4g\n", static_cast<long>(batch), batched * b, rowwise * b);
  }
  std::printf("(checksum %.6g)\n", checksum);
  return 0;
}
