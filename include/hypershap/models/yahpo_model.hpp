#pragma once
// A YAHPO Gym surrogate as a performance model: the job's configuration space (the scenario's
// config_space.json) feeds the ONNX surrogate by hyperparameter name; the instance hyperparameter
// (e.g. lcbench's OpenML_task_id) is the model's context, never a player.

#include <filesystem>
#include <memory>
#include <string>

#include "hypershap/models/performance_model.hpp"

namespace hypershap {

struct YahpoModelOptions {
  std::filesystem::path folder;
  std::string scenario;  // empty: recognised from the folder's files
  std::string instance;
  std::string metric;
  std::optional<bool> maximize;      // empty: from the metric's name (accuracies and AUC up)
  std::filesystem::path space_file;  // empty: the scenario's config space in `folder`
  std::string context;               // names the job file and table in messages
};

std::shared_ptr<const PerformanceModel> load_yahpo_model(const YahpoModelOptions& options);

}  // namespace hypershap
