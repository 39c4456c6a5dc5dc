#include "hypershap/importance/importance_job.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "hypershap/core/coalition.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/models/random_forest.hpp"

namespace hypershap {

FanovaDomain fanova_domain(const Hyperparameter& h) {
  if (h.kind == HyperparameterKind::constant) return FanovaDomain::discrete_values(1);
  if (h.has_choices()) {
    if (h.choices.size() > 64)
      throw invalid_input("fANOVA: hyperparameter '" + h.name + "' has " +
                          std::to_string(h.choices.size()) +
                          " values; fANOVA integrates at most 64");
    return FanovaDomain::discrete_values(static_cast<int>(h.choices.size()));
  }
  if (!std::isfinite(h.lower) || !std::isfinite(h.upper) || !(h.lower < h.upper))
    throw invalid_input("fANOVA: hyperparameter '" + h.name +
                        "' has no finite range to integrate over; give it lower < upper bounds "
                        "in the space, or pin it");
  return FanovaDomain::continuous(h.lower, h.upper);
}

ImportanceResults compute_importance(const ImportanceSpec& spec, const PerformanceModel& model,
                                     const std::vector<int>& players, const Configuration& baseline,
                                     std::uint64_t seed, const std::string& where) {
  const auto start = std::chrono::steady_clock::now();
  const ConfigurationSpace& space = model.space();

  ImportanceResults out;
  out.model = model.describe();
  out.metric = model.metric();
  out.order = spec.order;
  for (const int p : players) out.players.push_back(space.hyperparameter(p).name);

  FanovaResult result;
  std::vector<std::string> feature_names;  // the forest's features
  if (const RandomForest* own = model.random_forest()) {
    // the job's forest: every hyperparameter of the space is a feature
    std::vector<FanovaDomain> domains;
    for (int i = 0; i < space.size(); ++i) {
      domains.push_back(fanova_domain(space.hyperparameter(i)));
      feature_names.push_back(space.hyperparameter(i).name);
    }
    result = fanova(*own, domains, players, spec.order);
    out.forest_r2 = own->oob_error().r2;
  } else {
    // a forest with automl/fanova's settings on random configurations of the model
    const auto n = static_cast<std::size_t>(spec.samples);
    const ConfigurationMatrix drawn = space.sample_rows(seed, 0x66616e6f7661u, 0, n);
    const Coalition all = grand_coalition(static_cast<int>(players.size()));
    ConfigurationMatrix configurations(static_cast<Eigen::Index>(n), space.size());
    Eigen::Index rows = 0;
    for (Eigen::Index r = 0; r < drawn.rows(); ++r)
      if (!space.blend_into(drawn.row(r), baseline, all, players, configurations.row(rows))) ++rows;
    configurations.conservativeResize(rows, Eigen::NoChange);
    Eigen::VectorXd y(rows);
    model.evaluate(configurations, y);
    for (Eigen::Index r = 0; r < rows; ++r)
      if (!std::isfinite(y[r]))
        throw invalid_input(where + ": the model answers " + std::to_string(y[r]) + " on " +
                            space.to_text(configurations.row(r)) + "; fANOVA needs finite values");
    RowMatrix x(rows, static_cast<Eigen::Index>(players.size()));
    std::vector<int> categories;
    std::vector<FanovaDomain> domains;
    for (std::size_t p = 0; p < players.size(); ++p) {
      const Hyperparameter& h = space.hyperparameter(players[p]);
      x.col(static_cast<Eigen::Index>(p)) = configurations.col(players[p]);
      categories.push_back(
          h.kind == HyperparameterKind::categorical ? static_cast<int>(h.choices.size()) : 0);
      domains.push_back(fanova_domain(h));
      feature_names.push_back(h.name);
    }
    ForestOptions options;  // automl/fanova: 16 trees, bootstrap, 70% features, depth 64
    options.n_trees = spec.trees;
    options.max_features = 0.7;
    options.max_depth = 64;
    options.seed = seed;
    const RandomForest fitted = RandomForest::fit(x, y, options, categories);
    std::vector<int> features(players.size());
    for (std::size_t p = 0; p < players.size(); ++p) features[p] = static_cast<int>(p);
    result = fanova(fitted, domains, features, spec.order);
    out.samples = static_cast<int>(rows);
    out.forest_r2 = fitted.oob_error().r2;
  }
  out.trees = result.trees;
  out.trees_used = result.trees_used;
  out.total_variance = result.total_variance;
  for (const FanovaTerm& t : result.terms) {
    ImportanceTerm term{{}, t.fraction, t.std, t.total_fraction, t.total_std};
    for (const int f : t.features) term.names.push_back(feature_names[static_cast<std::size_t>(f)]);
    out.terms.push_back(std::move(term));
  }

  PartialDependenceOptions pd_options;
  pd_options.grid = spec.grid;
  pd_options.samples = spec.pd_samples;
  pd_options.ice = spec.ice;
  pd_options.seed = seed;
  for (const auto& names : spec.partial_dependence) {
    std::vector<int> features;
    for (const std::string& name : names)
      features.push_back(space.index_of(name, where + ": [importance] partial_dependence"));
    out.partial_dependence.push_back(
        partial_dependence(model, players, baseline, features, pd_options));
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace hypershap
