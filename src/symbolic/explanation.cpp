#include "hypershap/symbolic/explanation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hypershap/symbolic/parsimony.hpp"

namespace hypershap::symbolic {

MeanStd mean_std(const std::vector<double>& values) {
  MeanStd out;
  out.count = values.size();
  if (values.empty()) {
    out.mean = out.std = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  double sum = 0.0;
  for (const double v : values) sum += v;
  out.mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) {
    out.std = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  double squares = 0.0;
  for (const double v : values) squares += (v - out.mean) * (v - out.mean);
  out.std = std::sqrt(squares / static_cast<double>(values.size() - 1));
  return out;
}

MeanStd test_rmse_of(const ExplanationResults& results, const std::string& instance,
                     double parsimony) {
  std::vector<double> values;
  for (const ExplanationFit& f : results.fits)
    if (f.instance == instance && f.parsimony == parsimony) values.push_back(f.test_rmse);
  return mean_std(values);
}

namespace {

template <class Get>
MeanStd baseline_of(const ExplanationResults& results, const std::string& instance, Get get) {
  std::vector<double> values;
  for (const ExplanationBaseline& b : results.baselines)
    if (b.instance == instance && !std::isnan(get(b))) values.push_back(get(b));
  return mean_std(values);
}

}  // namespace

MeanStd gp_rmse_of(const ExplanationResults& results, const std::string& instance) {
  return baseline_of(results, instance, [](const ExplanationBaseline& b) { return b.gp_rmse; });
}

MeanStd linear_rmse_of(const ExplanationResults& results, const std::string& instance) {
  return baseline_of(results, instance, [](const ExplanationBaseline& b) { return b.linear_rmse; });
}

std::vector<SweepPoint> parsimony_sweep(const ExplanationResults& results,
                                        const std::string& instance) {
  std::vector<SweepPoint> sweep;
  for (const double z : results.parsimony) {
    std::vector<double> operations, rmse;
    for (const ExplanationFit& f : results.fits)
      if (f.instance == instance && f.parsimony == z) {
        operations.push_back(f.operations);
        rmse.push_back(f.test_rmse);
      }
    if (!rmse.empty()) sweep.push_back({z, mean_std(operations).mean, mean_std(rmse).mean});
  }
  return sweep;
}

std::size_t sweep_elbow(const std::vector<SweepPoint>& sweep) {
  // Appendix A's rule on the mean operation counts: the rule takes whole operations, so the
  // means are rounded to the nearest count.
  std::vector<FormulaScore> scores;
  for (const SweepPoint& p : sweep)
    scores.push_back({p.parsimony, static_cast<int>(std::lround(p.operations)), p.rmse});
  return scores.empty() ? 0 : elbow_index(scores);
}

std::vector<std::size_t> fit_pareto_front(const ExplanationResults& results,
                                          const std::string& instance) {
  std::vector<std::size_t> index;
  std::vector<FormulaScore> scores;
  for (std::size_t i = 0; i < results.fits.size(); ++i)
    if (results.fits[i].instance == instance) {
      index.push_back(i);
      scores.push_back(
          {results.fits[i].parsimony, results.fits[i].operations, results.fits[i].test_rmse});
    }
  std::vector<std::size_t> front;
  for (const std::size_t k : pareto_front(scores)) front.push_back(index[k]);
  return front;
}

}  // namespace hypershap::symbolic
