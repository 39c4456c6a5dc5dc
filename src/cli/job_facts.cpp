#include "job_facts.hpp"

#include <toml++/toml.h>
#include <filesystem>

namespace hypershap::cli {

JobFacts job_facts(const std::string& job_text) {
  JobFacts facts;
  toml::table job;
  try {
    job = toml::parse(job_text);
  } catch (const toml::parse_error&) {
    return facts;
  }
  facts.name = job["job"]["name"].value_or(std::string());
  const auto model = job["model"];
  const std::string kind = model["kind"].value_or(std::string());
  facts.instance = model["instance"].value_or(std::string());
  facts.model = kind;
  if (const auto scenario = model["scenario"].value<std::string>()) facts.model += " " + *scenario;
  if (const auto history = model["history"].value<std::string>())
    facts.model += " on " + std::filesystem::path(*history).filename().string();
  if (const auto function = model["function"].value<std::string>()) facts.model += " " + *function;
  if (!facts.instance.empty()) facts.model += ", instance " + facts.instance;
  const std::string metric = model["metric"].value_or(std::string());
  const auto maximize = model["maximize"].value<bool>();
  if (!metric.empty() || maximize) {
    facts.metric = metric.empty() ? "the run's metric" : metric;
    // the games' values are the metric, negated when it is minimised (larger is always better)
    if (maximize)
      facts.metric += *maximize ? ", maximised" : ", minimised: the values are its negation";
  }
  return facts;
}

}  // namespace hypershap::cli
