#pragma once
// What a report says about the job a store was computed from, read from the resolved job text
// the store keeps: its name, the model (kind, source, instance) and the metric with its direction.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hypershap/store/model_fit.hpp"

namespace hypershap::cli {

struct JobFacts {
  std::string name;      // [job] name
  std::string instance;  // [model] instance (a YAHPO dataset), "" for other models
  std::string model;     // "yahpo lcbench, instance 3945" / "random-forest on runs.csv"
  std::string metric;    // "val_accuracy, maximised (the game values)" or ""
};

/// Empty facts when the text is not TOML (a store of another writer): the report then says less.
JobFacts job_facts(const std::string& job_text);

/// The summary rows of a store's /model group (the report's table, `inspect`): the model's fit
/// (out-of-bag R², the runs used and left out), the metric and its direction, λ⁰'s value; for a
/// store without the group one row saying the fit was not recorded.
std::vector<std::pair<std::string, std::string>> model_fit_rows(
    const std::optional<StoredModelFit>& fit);

}  // namespace hypershap::cli
