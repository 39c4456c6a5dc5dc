// Benchmark (not a test): how fast the ONNX interpreter evaluates the YAHPO lcbench surrogate on
// one core, for batches of 1, 100 and 10,000 configurations, next to what the hardware allows:
// the model's Gemm layers alone, as Eigen sgemm products of the same shapes. Their ratio is the
// interpreter's overhead (elementwise operators, copies, allocation). The interpreter runs its
// Gemm nodes with the AVX2+FMA kernel where the processor has it (models/onnx_gemm.hpp): the
// table is printed for that path and for the portable one (HYPERSHAP_NO_AVX2); the reference
// sgemm columns are Eigen's products as this binary is compiled (x86-64 baseline: SSE2).
//
//   bench_onnx [yahpo_lcbench folder]

#include <onnx/onnx_pb.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "hypershap/core/error.hpp"
#include "hypershap/models/yahpo_surrogate.hpp"

namespace {

namespace hs = hypershap::onnx;
using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// CPU time of this thread: on a shared machine, time spent descheduled does not count.
double thread_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

/// Seconds per call of f: the fastest of the calls made in `budget` CPU seconds (at least 5,
/// after a warm-up call), in thread CPU time.
template <class F>
double seconds_per_call(F&& f, double budget = 1.0) {
  f();
  double fastest = 1e300;
  int calls = 0;
  const double start = thread_seconds();
  do {
    const double call = thread_seconds();
    f();
    fastest = std::min(fastest, thread_seconds() - call);
    ++calls;
  } while (calls < 5 || thread_seconds() - start < budget);
  return fastest;
}

/// (K, N) of every Gemm node whose B is an initializer: Y[B, N] = X[B, K] * W.
std::vector<std::pair<Eigen::Index, Eigen::Index>> gemm_shapes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  ::onnx::ModelProto model;
  if (!model.ParseFromIstream(&file)) throw hypershap::io_error(path + ": cannot parse");
  std::map<std::string, const ::onnx::TensorProto*> initializers;
  for (const auto& t : model.graph().initializer()) initializers[t.name()] = &t;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> shapes;
  for (const auto& node : model.graph().node()) {
    if (node.op_type() != "Gemm") continue;
    const auto w = initializers.find(node.input(1));
    if (w == initializers.end() || w->second->dims_size() != 2) continue;
    bool trans_b = false;
    for (const auto& a : node.attribute())
      if (a.name() == "transB") trans_b = a.i() != 0;
    const Eigen::Index d0 = w->second->dims(0);
    const Eigen::Index d1 = w->second->dims(1);
    shapes.emplace_back(trans_b ? d1 : d0, trans_b ? d0 : d1);
  }
  return shapes;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string folder = argc > 1 ? argv[1] : HYPERSHAP_DEFAULT_LCBENCH;
  try {
    const hs::YahpoSurrogate surrogate =
        hs::YahpoSurrogate::load(folder, hs::YahpoScenario::builtin("lcbench"));
    const auto shapes = gemm_shapes(folder + "/model.onnx");
    double flops_per_row = 0.0;
    for (const auto& [k, n] : shapes) flops_per_row += 2.0 * static_cast<double>(k * n);
    std::printf("lcbench surrogate (%s), one core, Eigen %d.%d.%d, SIMD: %s\n", folder.c_str(),
                EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION,
                Eigen::SimdInstructionSetsInUse());
    std::printf("%zu Gemm layers (K x N):", shapes.size());
    for (const auto& [k, n] : shapes)
      std::printf(" %ldx%ld", static_cast<long>(k), static_cast<long>(n));
    std::printf(", %.3f MFLOP per configuration; %zu nodes evaluated per run after folding\n\n",
                flops_per_row / 1e6, surrogate.model().runtime_node_count());
    for (const bool vector : {true, false}) {
      hypershap::set_vector_kernels(vector);
      if (vector && !hypershap::vector_kernels_active()) {
        std::printf("Gemm nodes, AVX2+FMA kernel: not available on this processor\n\n");
        continue;
      }
      std::printf("Gemm nodes: %s\n", vector ? "the AVX2+FMA kernel" : "Eigen, portable");
      std::printf("%7s | %13s %10s %6s | %14s %10s %6s | %9s %8s | %9s %8s\n", "batch",
                  "model eval/s", "ms/batch", "ratio", "surrogate ev/s", "ms/batch", "ratio",
                  "Gemm ms", "GFLOP/s", "blocked", "GFLOP/s");

      for (const Eigen::Index batch : {Eigen::Index{1}, Eigen::Index{100}, Eigen::Index{10000}}) {
        // Configurations spread over the space: the default with epoch and learning rate varied.
        const hs::YahpoSurrogate::Configuration defaults = surrogate.default_configuration();
        hs::RowMatrixXd values(batch,
                               static_cast<Eigen::Index>(surrogate.hyperparameters().size()));
        for (Eigen::Index r = 0; r < batch; ++r)
          for (std::size_t j = 0; j < surrogate.hyperparameters().size(); ++j) {
            const std::string& name = surrogate.hyperparameters()[j];
            double v = std::get<double>(defaults.at(name));
            if (name == "epoch") v = 1.0 + static_cast<double>(r % 52);
            if (name == "learning_rate") v = 1e-4 * static_cast<double>(1 + r % 997);
            values(r, static_cast<Eigen::Index>(j)) = v;
          }
        const hs::NamedTensors inputs =
            surrogate.encode("3945", surrogate.hyperparameters(), values);
        const double model_seconds = seconds_per_call([&] { surrogate.model().run(inputs); });
        const double surrogate_seconds = seconds_per_call(
            [&] { surrogate.evaluate("3945", surrogate.hyperparameters(), values); });

        // The Gemm layers alone: Y = X W for each shape, inputs and weights preallocated.
        std::vector<RowMatrixXf> x;
        std::vector<RowMatrixXf> w;
        std::vector<RowMatrixXf> y;
        for (const auto& [k, n] : shapes) {
          x.push_back(RowMatrixXf::Random(batch, k));
          w.push_back(
              RowMatrixXf::Random(n, k));  // stored [N, K] and used transposed, as in the graph
          y.push_back(RowMatrixXf(batch, n));
        }
        const double gemm_seconds = seconds_per_call([&] {
          for (std::size_t i = 0; i < shapes.size(); ++i) y[i].noalias() = x[i] * w[i].transpose();
        });
        // The same products in blocks of rows_per_run rows whose operands stay in cache (in the
        // model a layer's input is the previous layer's output, just computed): the sgemm limit.
        const Eigen::Index block = std::min(hs::YahpoSurrogate::rows_per_run, batch);
        std::vector<RowMatrixXf> xb;
        std::vector<RowMatrixXf> yb;
        for (const auto& [k, n] : shapes) {
          xb.push_back(RowMatrixXf::Random(block, k));
          yb.push_back(RowMatrixXf(block, n));
        }
        const double blocked_seconds = seconds_per_call([&] {
          for (Eigen::Index first = 0; first < batch; first += block) {
            const Eigen::Index rows = std::min(block, batch - first);
            for (std::size_t i = 0; i < shapes.size(); ++i)
              yb[i].topRows(rows).noalias() = xb[i].topRows(rows) * w[i].transpose();
          }
        });
        const double best_gemm = std::min(gemm_seconds, blocked_seconds);
        const double flops = flops_per_row * static_cast<double>(batch);
        std::printf(
            "%7ld | %13.0f %10.3f %6.2f | %14.0f %10.3f %6.2f | %9.3f %8.2f | %9.3f %8.2f\n",
            static_cast<long>(batch), static_cast<double>(batch) / model_seconds,
            model_seconds * 1e3, model_seconds / best_gemm,
            static_cast<double>(batch) / surrogate_seconds, surrogate_seconds * 1e3,
            surrogate_seconds / best_gemm, gemm_seconds * 1e3, flops / gemm_seconds / 1e9,
            blocked_seconds * 1e3, flops / blocked_seconds / 1e9);
      }
      std::printf("\n");
    }
    std::printf(
        "model: Model::run on the whole batch (input tensors prebuilt)\n"
        "surrogate: YahpoSurrogate::evaluate (encoding included, runs of %ld rows)\n"
        "ratio: time per batch over the Gemm layers' alone, the faster of whole-batch and\n"
        "blocked (1 = the sgemm limit); times: the fastest of repeated calls, thread CPU time\n",
        static_cast<long>(hs::YahpoSurrogate::rows_per_run));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_onnx: %s\n", e.what());
    return 1;
  }
  return 0;
}
